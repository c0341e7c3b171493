package io.retailsync.inventory.api;

import io.retailsync.inventory.channels.ChannelRule;
import io.retailsync.inventory.channels.ChannelRules;
import io.retailsync.inventory.projection.InventoryProjection;
import io.retailsync.inventory.projection.PositionChanges;
import io.retailsync.inventory.projection.PositionRecompute;
import io.retailsync.inventory.snapshots.ReceiveSnapshot;
import io.retailsync.sync.web.ApiProblemException;
import io.swagger.v3.oas.annotations.Operation;
import java.security.Principal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/inventory}: a SKU's position (OPS), stock counts in (INGEST: a WMS, 3PL or ERP), channel
 * rules read and changed with an audit trail, and a full baseline push on demand (OPS).
 */
@RestController
@RequestMapping("/api/inventory")
class InventoryController {

  static final int MAX_ITEMS = 100_000;
  private static final java.util.regex.Pattern SKU = java.util.regex.Pattern.compile("[\\p{Graph}&&[^\\u0000]]{1,100}");
  private static final java.util.regex.Pattern CHANNEL = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9_-]{0,39}");

  record Position(String sku, List<Location> locations, Map<String, Integer> atpByChannel) {}

  record Location(String location, int onHand, int reserved) {}

  record SnapshotRequest(String snapshotId, String location, String takenAt, List<Item> items) {}

  record Item(String sku, Integer onHand) {}

  record SnapshotAnswer(String snapshotId, String outcome, int items, int applied) {}

  record RuleRequest(List<String> locations, Integer buffer, Map<String, Integer> skuBuffers, Integer cap,
      Integer floor, String note) {}

  record RuleDetail(ChannelRule rule, List<Map<String, Object>> audit) {}

  record BaselineAnswer(List<String> channels, String status) {}

  private final InventoryProjection projection;
  private final PositionChanges positions;
  private final ReceiveSnapshot snapshots;
  private final ChannelRules rules;
  private final PositionRecompute recompute;

  InventoryController(InventoryProjection projection, PositionChanges positions, ReceiveSnapshot snapshots,
      ChannelRules rules, PositionRecompute recompute) {
    this.projection = projection;
    this.positions = positions;
    this.snapshots = snapshots;
    this.rules = rules;
    this.recompute = recompute;
  }

  @GetMapping("/{sku}")
  @Operation(summary = "A SKU's on hand and reserved per location and its available-to-promise per channel")
  Position position(@PathVariable String sku) {
    var stock = projection.read(sku).orElseThrow(() ->
        new ApiProblemException(HttpStatus.NOT_FOUND, "not-found", "SKU " + sku + " is not known to the inventory"));
    var position = positions.position(stock, 0);
    return new Position(position.sku(), position.locations().stream()
        .map(l -> new Location(l.location(), l.onHand(), l.reserved())).toList(), position.atpByChannel());
  }

  @PostMapping("/snapshots")
  @Operation(summary = "A stock count of one location as of takenAt: on hand rebased, reservations and later movements kept")
  ResponseEntity<SnapshotAnswer> snapshot(@RequestBody(required = false) SnapshotRequest request) {
    if (request == null) {
      throw invalid(HttpStatus.BAD_REQUEST, "give {\"snapshotId\", \"location\", \"takenAt\", \"items\": [{\"sku\", \"onHand\"}]}");
    }
    String id = text("snapshotId", request.snapshotId(), 200);
    String location = text("location", request.location(), 100);
    if (!rules.locations().contains(location)) {
      throw invalid(HttpStatus.UNPROCESSABLE_CONTENT, "unknown location " + location + "; known: " + rules.locations());
    }
    Instant takenAt = instant(request.takenAt());
    if (request.items() == null || request.items().isEmpty()) {
      throw invalid(HttpStatus.UNPROCESSABLE_CONTENT, "items must name at least one SKU");
    }
    if (request.items().size() > MAX_ITEMS) {
      throw invalid(HttpStatus.UNPROCESSABLE_CONTENT, "at most " + MAX_ITEMS + " items per snapshot; send several");
    }
    Map<String, Integer> items = new LinkedHashMap<>();
    for (int i = 0; i < request.items().size(); i++) {
      Item item = request.items().get(i);
      if (item == null || item.sku() == null || !SKU.matcher(item.sku()).matches()) {
        throw invalid(HttpStatus.UNPROCESSABLE_CONTENT, "items[" + i + "].sku must be 1-100 visible characters");
      }
      if (item.onHand() == null || item.onHand() < 0) {
        throw invalid(HttpStatus.UNPROCESSABLE_CONTENT, "items[" + i + "].onHand must be a count of zero or more");
      }
      if (items.put(item.sku(), item.onHand()) != null) {
        throw invalid(HttpStatus.UNPROCESSABLE_CONTENT, "items[" + i + "] names " + item.sku() + " a second time");
      }
    }
    ReceiveSnapshot.Result result = snapshots.receive(new ReceiveSnapshot.Count(id, location, takenAt, items, "api"));
    if (result.outcome() == ReceiveSnapshot.Outcome.CONFLICT) {
      throw new ApiProblemException(HttpStatus.CONFLICT, "snapshot-conflict",
          "snapshot " + id + " was received before with different content");
    }
    SnapshotAnswer answer = new SnapshotAnswer(id, result.outcome().name(), result.items(), result.applied());
    return ResponseEntity.status(result.outcome() == ReceiveSnapshot.Outcome.APPLIED ? HttpStatus.ACCEPTED : HttpStatus.OK)
        .body(answer);
  }

  @GetMapping("/channel-rules")
  @Operation(summary = "The channel rules in force: locations, buffers, cap and floor per channel")
  Map<String, ChannelRule> rules() {
    return rules.all();
  }

  @GetMapping("/channel-rules/{channel}")
  @Operation(summary = "One channel's rule and its audit trail")
  RuleDetail rule(@PathVariable String channel) {
    return new RuleDetail(rules.rule(channelName(channel)), rules.audit(channel));
  }

  @PutMapping("/channel-rules/{channel}")
  @Operation(summary = "Change a channel's rule (audited); every SKU's quantity for it is recomputed and pushed")
  RuleDetail change(@PathVariable String channel, @RequestBody(required = false) RuleRequest request, Principal caller) {
    String name = channelName(channel);
    if (request == null) {
      throw invalid(HttpStatus.BAD_REQUEST, "give {\"locations\", \"buffer\", \"skuBuffers\", \"cap\", \"floor\", \"note\"}");
    }
    ChannelRule current = rules.rule(name);
    ChannelRule next;
    try {
      next = new ChannelRule(name, request.locations() == null ? current.locations() : request.locations(),
          request.buffer() == null ? current.buffer() : request.buffer(),
          request.skuBuffers() == null ? current.skuBuffers() : request.skuBuffers(),
          request.cap(), request.floor() == null ? current.floor() : request.floor());
      rules.change(next, caller == null ? "unknown" : caller.getName(), request.note());
    } catch (IllegalArgumentException e) {
      throw invalid(HttpStatus.UNPROCESSABLE_CONTENT, e.getMessage());
    }
    recompute.recomputeAllLater();
    return new RuleDetail(next, rules.audit(name));
  }

  @PostMapping("/baseline")
  @Operation(summary = "Push every SKU's quantity to the channels named (all when none), changed or not")
  ResponseEntity<BaselineAnswer> baseline(@RequestParam(required = false) List<String> channel) {
    List<String> channels = channel == null ? List.of() : channel.stream().map(this::channelName).toList();
    recompute.baselineLater(channels);
    return ResponseEntity.accepted().body(new BaselineAnswer(channels.isEmpty() ? rules.channels() : channels, "QUEUED"));
  }

  private String channelName(String channel) {
    if (channel == null || !CHANNEL.matcher(channel).matches()) {
      throw invalid(HttpStatus.BAD_REQUEST, "channel must be a lowercase channel name");
    }
    return channel;
  }

  private static String text(String field, String value, int max) {
    if (value == null || value.isBlank() || value.length() > max || value.indexOf('\0') >= 0) {
      throw invalid(HttpStatus.UNPROCESSABLE_CONTENT, field + " must be 1-" + max + " characters");
    }
    return value;
  }

  private static Instant instant(String value) {
    if (value == null) {
      throw invalid(HttpStatus.UNPROCESSABLE_CONTENT, "takenAt is required (ISO-8601 with offset)");
    }
    try {
      Instant at = OffsetDateTime.parse(value).toInstant();
      if (at.isAfter(Instant.now().plusSeconds(300))) {
        throw invalid(HttpStatus.UNPROCESSABLE_CONTENT, "takenAt " + value + " is in the future");
      }
      if (at.isBefore(Instant.parse("2000-01-01T00:00:00Z"))) {
        throw invalid(HttpStatus.UNPROCESSABLE_CONTENT, "takenAt " + value + " is before 2000");
      }
      return at;
    } catch (DateTimeParseException e) {
      throw invalid(HttpStatus.UNPROCESSABLE_CONTENT, "takenAt is not an ISO-8601 timestamp with offset: " + value);
    }
  }

  private static ApiProblemException invalid(HttpStatus status, String detail) {
    return new ApiProblemException(status, "invalid-request", detail);
  }
}
