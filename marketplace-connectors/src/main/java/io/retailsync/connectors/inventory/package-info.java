/**
 * The outbound inventory port: {@link io.retailsync.connectors.inventory.ChannelInventoryPort}, implemented per
 * marketplace in its own package ({@code shopify.ShopifyInventoryClient}, {@code amazon.AmazonListingsClient},
 * {@code walmart.WalmartInventoryClient}, {@code ebay.EbayInventoryClient}). See docs/inventory-push.md.
 */
package io.retailsync.connectors.inventory;
