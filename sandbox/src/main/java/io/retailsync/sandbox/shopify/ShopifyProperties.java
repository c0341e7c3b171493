package io.retailsync.sandbox.shopify;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code sandbox.shopify.*}: the shop the stand-in plays and where it delivers webhooks. The defaults are
 * the local stack's fixed local-only credentials.
 */
@ConfigurationProperties("sandbox.shopify")
record ShopifyProperties(
    @DefaultValue("sandbox-shop.myshopify.com") String shopDomain,
    @DefaultValue("sandbox-shopify-secret") String webhookSecret,
    @DefaultValue("http://127.0.0.1:8081/webhooks/shopify") URI webhookUrl,
    @DefaultValue(ShopifyWebhookSender.DEFAULT_API_VERSION) String apiVersion,
    @DefaultValue("10s") Duration requestTimeout) {}
