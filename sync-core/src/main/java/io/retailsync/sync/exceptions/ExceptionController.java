package io.retailsync.sync.exceptions;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The exception queue's REST API; every action is audited with the caller's identity. */
@RestController
@RequestMapping("/api/exceptions")
@Tag(name = "exceptions", description = "This service's exception queue")
class ExceptionController {

  record Summary(UUID id, String type, String reason, ExceptionStatus status, String channel, String orderId,
      String sku, String correlationId, Instant createdAt) {

    static Summary of(ExceptionEntry entry) {
      return new Summary(entry.id(), entry.type(), entry.reason(), entry.status(), entry.channel(),
          entry.orderId(), entry.sku(), entry.correlationId(), entry.createdAt());
    }
  }

  /**
   * {@code payload} is the held payload as text when it is valid UTF-8 ({@code payloadEncoding} "utf-8"),
   * otherwise its bytes in base64 ({@code payloadEncoding} "base64"), so nothing that arrived is altered.
   */
  record Detail(UUID id, String type, String reason, ExceptionStatus status, String channel, String orderId,
      String sku, String correlationId, Instant createdAt, String payload, String payloadEncoding,
      List<ExceptionEntry.AuditEntry> audit) {

    static Detail of(ExceptionEntry entry) {
      var text = entry.payloadText();
      String payload = entry.payload() == null ? null
          : text.orElseGet(() -> java.util.Base64.getEncoder().encodeToString(entry.payload()));
      String encoding = entry.payload() == null ? null : text.isPresent() ? "utf-8" : "base64";
      return new Detail(entry.id(), entry.type(), entry.reason(), entry.status(), entry.channel(),
          entry.orderId(), entry.sku(), entry.correlationId(), entry.createdAt(), payload, encoding, entry.audit());
    }
  }

  record ListAnswer(List<Summary> items, long total) {}

  record ActionRequest(String note) {}

  private final ExceptionQueue queue;

  ExceptionController(ExceptionQueue queue) {
    this.queue = queue;
  }

  @GetMapping
  @Operation(summary = "List exception entries, newest first")
  ListAnswer list(@RequestParam(required = false) String type, @RequestParam(required = false) ExceptionStatus status,
      @RequestParam(required = false) String channel, @RequestParam(required = false) String orderId,
      @RequestParam(defaultValue = "100") int limit, @RequestParam(defaultValue = "0") int offset) {
    ExceptionQueue.Page page = queue.find(new ExceptionQueue.Filter(type, status, channel, orderId,
        Math.max(1, Math.min(limit, 1000)), Math.max(0, offset)));
    return new ListAnswer(page.items().stream().map(Summary::of).toList(), page.total());
  }

  @GetMapping("/{id}")
  @Operation(summary = "One entry with its payload and audit trail")
  Detail get(@PathVariable UUID id) {
    return Detail.of(queue.get(id).orElseThrow(() -> new ExceptionNotFoundException(id)));
  }

  @PostMapping("/{id}/replay")
  @Operation(summary = "Process the entry's payload again; 409 unless OPEN")
  Detail replay(@PathVariable UUID id, @RequestBody(required = false) ActionRequest request, Principal caller) {
    return Detail.of(queue.replay(id, caller.getName(), request == null ? null : request.note()));
  }

  @PostMapping("/{id}/discard")
  @Operation(summary = "Close the entry without processing it; 409 unless OPEN")
  Detail discard(@PathVariable UUID id, @RequestBody(required = false) ActionRequest request, Principal caller) {
    return Detail.of(queue.discard(id, caller.getName(), request == null ? null : request.note()));
  }
}
