package io.retailsync.sandbox.erp;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Checks documents against the item master and the locations. */
@Repository
class ItemMaster {

  private final JdbcClient jdbc;

  ItemMaster(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The SKUs among {@code skus} that are unknown or inactive, sorted. */
  Set<String> unknownSkus(Collection<String> skus) {
    if (skus.isEmpty()) {
      return Set.of();
    }
    Set<String> known = new HashSet<>(jdbc.sql("select sku from sandbox.erp_item where active and sku in (:skus)")
        .param("skus", Set.copyOf(skus))
        .query(String.class)
        .list());
    Set<String> unknown = new TreeSet<>(skus);
    unknown.removeAll(known);
    return unknown;
  }

  Set<String> unknownLocations(Collection<String> locations) {
    if (locations.isEmpty()) {
      return Set.of();
    }
    Set<String> known = new HashSet<>(jdbc.sql("select code from sandbox.erp_location where code in (:codes)")
        .param("codes", Set.copyOf(locations))
        .query(String.class)
        .list());
    Set<String> unknown = new TreeSet<>(locations);
    unknown.removeAll(known);
    return unknown;
  }
}
