package io.retailsync.sync.lineage;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** Served by the order-ingestion service only, which collects references from every service's events. */
@RestController
@Tag(name = "lineage")
class LineageController {

  private final LineageStore lineage;

  LineageController(LineageStore lineage) {
    this.lineage = lineage;
  }

  @GetMapping("/api/lineage/{channel}/{orderId}")
  @Operation(summary = "Marketplace order id, middleware ids, ERP documents and events of one order")
  Lineage get(@PathVariable String channel, @PathVariable String orderId) {
    return lineage.find(channel, orderId).orElseThrow(() -> new LineageNotFoundException(channel, orderId));
  }
}
