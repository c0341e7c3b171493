package io.retailsync.sandbox.erp;

import io.retailsync.sandbox.support.SandboxProblem;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Item master and stock, seeded by Flyway. */
@RestController
@RequestMapping("/erp")
class ItemController {

  record Item(String sku, String description, boolean active) {}

  record StockLevel(String sku, String location, int onHand) {}

  private final JdbcClient jdbc;

  ItemController(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @GetMapping("/items/{sku}")
  Item item(@PathVariable String sku) {
    return jdbc.sql("select sku, description, active from sandbox.erp_item where sku = :sku")
        .param("sku", sku)
        .query(Item.class)
        .optional()
        .orElseThrow(() -> SandboxProblem.notFound("unknown SKU " + sku));
  }

  record Lookup(List<String> skus) {}

  /** The items among up to a thousand SKUs; unknown SKUs are left out. */
  @org.springframework.web.bind.annotation.PostMapping("/items/lookup")
  List<Item> lookup(@org.springframework.web.bind.annotation.RequestBody Lookup lookup) {
    if (lookup == null || lookup.skus() == null) {
      throw SandboxProblem.badRequest("give {\"skus\": [...]}");
    }
    if (lookup.skus().size() > 1000) {
      throw SandboxProblem.unprocessable("at most 1000 SKUs per lookup");
    }
    String[] skus = lookup.skus().stream().filter(java.util.Objects::nonNull).distinct().toArray(String[]::new);
    return jdbc.sql("select sku, description, active from sandbox.erp_item where sku = any(:skus) order by sku")
        .param("skus", skus)
        .query(Item.class)
        .list();
  }

  /** One SKU's stock per location; without {@code sku}, every SKU's (the full snapshot an ERP export gives). */
  @GetMapping("/stock")
  List<StockLevel> stock(@RequestParam(required = false) String sku) {
    return jdbc.sql("""
        select sku, location, on_hand from sandbox.erp_stock
        where cast(:sku as text) is null or sku = :sku
        order by sku, location
        """)
        .param("sku", sku)
        .query((rs, n) -> new StockLevel(rs.getString("sku"), rs.getString("location"), rs.getInt("on_hand")))
        .list();
  }
}
