package io.retailsync.connectors.ebay.wire;

import java.util.List;

/** eBay's REST error body: {@code {"errors": [{"errorId", "domain", "category", "message", ...}]}}. */
public record EbayError(List<Entry> errors) {

  public record Entry(Integer errorId, String domain, String subdomain, String category, String message,
      String longMessage) {}
}
