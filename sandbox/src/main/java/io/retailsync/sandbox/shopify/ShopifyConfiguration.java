package io.retailsync.sandbox.shopify;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ShopifyConfiguration {

  @Bean
  ShopifyWebhookSender shopifyWebhookSender(ShopifyProperties properties) {
    return new ShopifyWebhookSender(ShopifyWebhookSender.defaultClient(), properties.webhookUrl(),
        properties.shopDomain(), properties.webhookSecret(), properties.apiVersion(), properties.requestTimeout());
  }

  /** The Admin API's leaky bucket for the one app and shop the stand-in serves. */
  @Bean
  ShopifyLeakyBucket shopifyLeakyBucket(ShopifyProperties properties) {
    return new ShopifyLeakyBucket(properties.adminBucketSize(), properties.adminLeakRate());
  }

  /** The GraphQL Admin API's cost bucket for the one app and shop. */
  @Bean
  ShopifyCostBucket shopifyCostBucket(ShopifyProperties properties) {
    return new ShopifyCostBucket(properties.graphqlBucketSize(), properties.graphqlRestoreRate());
  }
}
