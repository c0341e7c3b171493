package io.retailsync.sandbox.shopify;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code sandbox.shopify.*}: the shop the stand-in plays and where it delivers webhooks. The defaults are
 * the local stack's fixed local-only credentials.
 *
 * @param adminToken the Admin API access token the stand-in accepts in {@code X-Shopify-Access-Token}
 * @param adminBucketSize the REST leaky bucket's size (Shopify: 40 calls per app and shop)
 * @param adminLeakRate the REST leaky bucket's leak rate per second (Shopify: 2)
 */
@ConfigurationProperties("sandbox.shopify")
record ShopifyProperties(
    @DefaultValue("sandbox-shop.myshopify.com") String shopDomain,
    @DefaultValue("sandbox-shopify-secret") String webhookSecret,
    @DefaultValue("http://127.0.0.1:8081/webhooks/shopify") URI webhookUrl,
    @DefaultValue(ShopifyWebhookSender.DEFAULT_API_VERSION) String apiVersion,
    @DefaultValue("10s") Duration requestTimeout,
    @DefaultValue("sandbox-shopify-admin-token") String adminToken,
    @DefaultValue("40") int adminBucketSize,
    @DefaultValue("2.0") double adminLeakRate) {}
