/**
 * What each sandbox channel believes, for outside tests to read, and the faults of its inventory endpoints:
 * {@code GET /sandbox/channels/{channel}/inventory?sku=} ({@code {"sku", "quantity", "updatedAt"}}, the quantity
 * the channel last received for the SKU; 404 for one it never received), the same without {@code sku} for every
 * SKU, {@code GET /sandbox/channels/stats}, and {@code PUT|GET|DELETE /sandbox/channels/{channel}/faults}.
 *
 * <p>The marketplace stand-ins (Shopify's GraphQL {@code inventorySetQuantities}, Amazon's Listings Items and
 * JSON_LISTINGS_FEED, Walmart's inventory and inventory feed, eBay's bulk_update_price_quantity) record what they
 * accepted in {@code sandbox.channel_inventory} through {@link io.retailsync.sandbox.channel.ChannelInventory}, log
 * each call in {@code sandbox.channel_inventory_push} (with Shopify's {@code @idempotent} key), ask
 * {@link io.retailsync.sandbox.channel.ChannelFaults} before serving, and list the SKUs
 * {@link io.retailsync.sandbox.channel.ChannelCatalog} lists. Shipment confirmations
 * ({@code GET /sandbox/channels/{channel}/shipments?orderId=}) are not built yet.
 */
package io.retailsync.sandbox.channel;
