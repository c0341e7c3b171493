package io.retailsync.ingestion.skualias;

import io.retailsync.sync.web.ApiProblemException;
import io.swagger.v3.oas.annotations.Operation;
import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/sku-aliases} (OPS role): maps a channel's item name to the ERP's SKU. Adding the same mapping
 * again answers 200; a different SKU for a mapped marketplace SKU is a 409 (remove the old one first, so
 * the audit shows both); every change is audited with its caller.
 */
@RestController
@RequestMapping("/api/sku-aliases")
class SkuAliasController {

  record NewAlias(String channel, String marketplaceSku, String sku) {}

  record Page(List<SkuAliases.Alias> items, int total) {}

  record Detail(SkuAliases.Alias alias, List<SkuAliases.AuditEntry> audit) {}

  private final SkuAliases aliases;

  SkuAliasController(SkuAliases aliases) {
    this.aliases = aliases;
  }

  @GetMapping
  @Operation(summary = "List SKU aliases, optionally of one channel")
  Page list(@RequestParam(required = false) String channel, @RequestParam(defaultValue = "100") int limit,
      @RequestParam(defaultValue = "0") int offset) {
    if (channel != null && !channel.matches("[a-z0-9][a-z0-9_-]{0,39}")) {
      throw new ApiProblemException(HttpStatus.BAD_REQUEST, "invalid-request", "channel must be a lowercase channel name");
    }
    int bounded = Math.max(1, Math.min(limit, 1000));
    return new Page(aliases.list(channel, bounded, Math.max(0, offset)), aliases.count(channel));
  }

  @PostMapping
  @Operation(summary = "Map a channel's marketplace SKU (seller SKU, ASIN, item id) to an ERP SKU")
  ResponseEntity<Detail> add(@RequestBody(required = false) NewAlias request, Principal caller) {
    if (request == null) {
      throw new ApiProblemException(HttpStatus.BAD_REQUEST, "invalid-request", "give {\"channel\", \"marketplaceSku\", \"sku\"}");
    }
    String channel = required("channel", request.channel(), 40);
    if (!channel.matches("[a-z0-9][a-z0-9_-]*")) {
      throw new ApiProblemException(HttpStatus.UNPROCESSABLE_CONTENT, "invalid-request", "channel must be a lowercase channel name");
    }
    String marketplaceSku = required("marketplaceSku", request.marketplaceSku(), 255);
    String sku = required("sku", request.sku(), 64);
    SkuAliases.Added added = aliases.add(channel, marketplaceSku, sku, caller == null ? "unknown" : caller.getName());
    Detail detail = new Detail(added.alias(), aliases.audit(added.alias().id()));
    if (added instanceof SkuAliases.Added.Created created) {
      return ResponseEntity.created(URI.create("/api/sku-aliases/" + created.alias().id())).body(detail);
    }
    if (added instanceof SkuAliases.Added.Conflict conflict) {
      throw new ApiProblemException(HttpStatus.CONFLICT, "alias-conflict", channel + " SKU " + marketplaceSku
          + " is already mapped to " + conflict.alias().sku() + "; remove that alias first");
    }
    return ResponseEntity.ok(detail);
  }

  @DeleteMapping("/{id}")
  @Operation(summary = "Remove an alias (audited)")
  ResponseEntity<Void> remove(@PathVariable UUID id, Principal caller) {
    return aliases.remove(id, caller == null ? "unknown" : caller.getName())
        .map(removed -> ResponseEntity.noContent().<Void>build())
        .orElseThrow(() -> new ApiProblemException(HttpStatus.NOT_FOUND, "not-found", "no SKU alias " + id));
  }

  private static String required(String field, String value, int maxLength) {
    if (value == null || value.isBlank()) {
      throw new ApiProblemException(HttpStatus.UNPROCESSABLE_CONTENT, "invalid-request", field + " is missing");
    }
    String trimmed = value.trim();
    if (trimmed.length() > maxLength || trimmed.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw new ApiProblemException(HttpStatus.UNPROCESSABLE_CONTENT, "invalid-request",
          field + " must be at most " + maxLength + " characters without control characters");
    }
    return trimmed;
  }
}
