package io.retailsync.connectors.ebay.wire;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * getOrders' answer ({@code OrderSearchPagedCollection}). The orders are kept as JSON trees so that one
 * order that cannot be bound fails alone, with its own bytes kept, instead of failing its page.
 */
public record EbayOrderSearchPage(String href, Integer total, Integer limit, Integer offset, String next,
    String prev, List<JsonNode> orders, List<JsonNode> warnings) {}
