package io.retailsync.connectors.shopify;

import java.util.List;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Shopify settings ({@code sync.shopify}): the Admin API base URL (the sandbox's {@code /shopify} prefix
 * locally) and one entry per shop with its webhook secret and Admin API token.
 */
@ConfigurationProperties("sync.shopify")
public record ShopifyProperties(String adminBaseUrl, List<Shop> shops) {

  public ShopifyProperties {
    shops = shops == null ? List.of() : List.copyOf(shops);
  }

  public Optional<Shop> shop(String domain) {
    if (domain == null) {
      return Optional.empty();
    }
    return shops.stream().filter(shop -> shop.domain() != null && shop.domain().equalsIgnoreCase(domain)).findFirst();
  }

  public record Shop(String domain, String webhookSecret, String adminToken) {

    @Override
    public String toString() {
      return "Shop[domain=" + domain + "]";
    }
  }
}
