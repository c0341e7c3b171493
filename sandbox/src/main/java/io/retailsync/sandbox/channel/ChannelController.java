package io.retailsync.sandbox.channel;

import io.retailsync.sandbox.support.SandboxProblem;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /sandbox/channels}: what each channel last received per SKU, the calls it served, and its inventory
 * endpoints' faults. Errors are problem details.
 */
@RestController
@RequestMapping("/sandbox/channels")
class ChannelController {

  static final int MAX_PAGE = 100_000;

  private final ChannelInventory inventory;
  private final ChannelFaults faults;
  private final ChannelHistory history;

  ChannelController(ChannelInventory inventory, ChannelFaults faults, ChannelHistory history) {
    this.inventory = inventory;
    this.faults = faults;
    this.history = history;
  }

  /**
   * With {@code sku}: {@code {"sku", "quantity", "updatedAt"}}, or 404 for a SKU the channel never received.
   * Without: every SKU the channel holds, in SKU order, {@code after} a SKU and at most {@code limit} (default all).
   */
  @GetMapping("/{channel}/inventory")
  Object inventory(@PathVariable String channel, @RequestParam(required = false) String sku,
      @RequestParam(required = false) String after, @RequestParam(required = false) Integer limit) {
    Channels.require(channel);
    if (sku != null) {
      return inventory.find(channel, sku).orElseThrow(() -> SandboxProblem.notFound(
          "channel " + channel + " never received a quantity for SKU " + sku));
    }
    int size = limit == null ? MAX_PAGE : limit;
    if (size < 1 || size > MAX_PAGE) {
      throw SandboxProblem.badRequest("limit must be between 1 and " + MAX_PAGE);
    }
    return inventory.list(channel, after, size);
  }

  /**
   * Every quantity the channel accepted, in order: {@code {"entries": [{"seq", "sku", "quantity", "at"}],
   * "forgotten", "last"}}, the entries numbered from 1 and paged by {@code after} (a sequence number, default 0)
   * and {@code limit} (default and most {@value #MAX_PAGE}). Kept in memory, bounded; for benchmarks.
   */
  @GetMapping("/{channel}/inventory/history")
  ChannelHistory.Page history(@PathVariable String channel, @RequestParam(defaultValue = "0") long after,
      @RequestParam(required = false) Integer limit) {
    Channels.require(channel);
    int size = limit == null ? MAX_PAGE : limit;
    if (size < 1 || size > MAX_PAGE || after < 0) {
      throw SandboxProblem.badRequest("limit must be between 1 and " + MAX_PAGE + " and after not negative");
    }
    return history.after(channel, after, size);
  }

  /** Forgets what the channel received and the calls it logged (a test's or benchmark's fresh start). */
  @DeleteMapping("/{channel}/inventory")
  ResponseEntity<Void> clear(@PathVariable String channel) {
    Channels.require(channel);
    inventory.clear(channel);
    faults.resetCounts(channel);
    return ResponseEntity.noContent().build();
  }

  /**
   * Per channel: {@code calls} served (repeats included), {@code replays} (repeats of an idempotency key answered
   * from the first call), {@code skus} holding a quantity, SKU updates {@code accepted} and {@code rejected}, and
   * calls refused before being served ({@code throttled}, {@code failed}, {@code down}).
   */
  @GetMapping("/stats")
  Map<String, Object> stats() {
    Map<String, ChannelFaults.Refused> refused = faults.refused();
    Map<String, Object> answer = new LinkedHashMap<>();
    inventory.stats().forEach((channel, stats) -> {
      ChannelFaults.Refused counts = refused.getOrDefault(channel, new ChannelFaults.Refused(0, 0, 0));
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("calls", stats.calls());
      one.put("replays", stats.replays());
      one.put("skus", stats.skus());
      one.put("accepted", stats.accepted());
      one.put("rejected", stats.rejected());
      one.put("throttled", counts.throttled());
      one.put("failed", counts.failed());
      one.put("down", counts.down());
      answer.put(channel, one);
    });
    return answer;
  }

  @GetMapping("/{channel}/faults")
  ChannelFaultSettings faults(@PathVariable String channel) {
    return faults.current(Channels.require(channel));
  }

  /** Replaces the channel's faults: a field left out takes its default. */
  @PutMapping("/{channel}/faults")
  ChannelFaultSettings putFaults(@PathVariable String channel, @RequestBody ChannelFaultSettings settings) {
    Channels.require(channel);
    try {
      return faults.set(channel, settings);
    } catch (IllegalArgumentException e) {
      throw SandboxProblem.unprocessable(e.getMessage());
    }
  }

  /** Back to normal: rate limits on, no failures, up, no latency. */
  @DeleteMapping("/{channel}/faults")
  ResponseEntity<Void> clearFaults(@PathVariable String channel) {
    faults.clear(Channels.require(channel));
    return ResponseEntity.noContent().build();
  }

  /** The channels the sandbox records. */
  @GetMapping
  List<String> channels() {
    return Channels.ALL;
  }
}
