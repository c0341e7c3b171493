/**
 * What each sandbox channel believes, for outside tests to read: the reserved spot for
 * {@code GET /sandbox/channels/{channel}/inventory?sku=} (the quantity the channel last received for a
 * SKU, {@code {"sku", "quantity", "updatedAt"}}) and {@code GET /sandbox/channels/{channel}/shipments?orderId=}
 * (the confirmations it received).
 *
 * <p>Not built yet. When the Shopify, Amazon, Walmart and eBay inventory and fulfillment endpoints are
 * served under {@code /shopify}, {@code /amazon}, ... each stand-in records what it accepted in a
 * {@code sandbox.channel_inventory (channel, sku, quantity, updated_at)} and
 * {@code sandbox.channel_shipment (channel, order_id, ...)} table, and this package serves the reads from
 * them. The orders a channel has sent so far are already recorded per channel by its stand-in
 * ({@code sandbox.shopify_order}, see {@code io.retailsync.sandbox.shopify.ShopifyOrderLog}); Shopify
 * variant and inventory item ids per SKU come from {@code ShopifyCatalog}.
 */
package io.retailsync.sandbox.channel;
