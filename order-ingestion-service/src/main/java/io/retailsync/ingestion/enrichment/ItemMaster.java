package io.retailsync.ingestion.enrichment;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.retailsync.erp.ErpItem;
import io.retailsync.erp.ErpPort;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The ERP's item master as the posting sees it: SKUs looked up through {@link ErpPort#findItems} in a few
 * calls per batch, the ones found kept for {@code item-cache-ttl} (Caffeine, bounded) and then looked up
 * again, so an item retired in the ERP is noticed. A SKU not found is never cached: once it is added, the
 * next attempt (a replay) finds it.
 */
@Component
public class ItemMaster {

  private final ErpPort erp;
  private final Cache<String, ErpItem> known;

  ItemMaster(ErpPort erp, EnrichmentProperties properties) {
    this.erp = erp;
    this.known = Caffeine.newBuilder().maximumSize(properties.itemCacheSize())
        .expireAfterWrite(properties.itemCacheTtl()).build();
  }

  /** The active items among {@code skus}; an unknown or inactive SKU is absent. */
  public Set<String> activeAmong(Collection<String> skus) {
    Set<String> wanted = new LinkedHashSet<>(skus);
    Set<String> active = new LinkedHashSet<>();
    List<String> missing = wanted.stream().filter(sku -> known.getIfPresent(sku) == null).toList();
    if (!missing.isEmpty()) {
      Map<String, ErpItem> found = erp.findItems(missing);
      found.forEach(known::put);
    }
    for (String sku : wanted) {
      ErpItem item = known.getIfPresent(sku);
      if (item != null && item.active()) {
        active.add(sku);
      }
    }
    return active;
  }
}
