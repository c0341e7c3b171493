package io.retailsync.ingestion.enrichment;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Checks and enrichment before an order reaches the ERP ({@code sync.ingestion.enrichment}).
 *
 * @param currencies per channel, the currencies its account sells in; an order in another is a
 *     {@code CURRENCY_MISMATCH}. A channel not listed is not checked
 * @param defaultLocations per channel, the location its orders are fulfilled from when no other rule
 *     applies; none means the ERP's own default
 * @param maxTaxRate the highest tax rate a line may carry (tax / net); above it the order is a
 *     {@code TAX_MISMATCH}
 * @param checkItemMaster whether every SKU is looked up in the ERP's item master before posting
 * @param itemCacheTtl how long a SKU found in the item master is trusted before it is looked up again
 * @param itemCacheSize how many SKUs the item-master cache holds
 */
@ConfigurationProperties("sync.ingestion.enrichment")
public record EnrichmentProperties(
    @DefaultValue({}) Map<String, List<String>> currencies,
    @DefaultValue({}) Map<String, String> defaultLocations,
    @DefaultValue("0.35") BigDecimal maxTaxRate,
    @DefaultValue("true") boolean checkItemMaster,
    @DefaultValue("10m") Duration itemCacheTtl,
    @DefaultValue("200000") long itemCacheSize) {

  public EnrichmentProperties {
    currencies = currencies == null ? Map.of() : Map.copyOf(currencies);
    defaultLocations = defaultLocations == null ? Map.of() : Map.copyOf(defaultLocations);
    if (maxTaxRate == null || maxTaxRate.signum() < 0) {
      throw new IllegalArgumentException("sync.ingestion.enrichment.max-tax-rate must be zero or more");
    }
  }
}
