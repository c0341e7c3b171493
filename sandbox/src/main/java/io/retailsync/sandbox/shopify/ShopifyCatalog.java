package io.retailsync.sandbox.shopify;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sandbox shop's catalog: one product with one variant per SKU, every id and price derived from the
 * SKU alone, so every generator, test and future inventory endpoint agrees on them without shared state.
 * SKUs outside {@code SKU-0001 … SKU-1000} get ids too, so orders for unknown SKUs can be sent.
 */
public final class ShopifyCatalog {

  /** The item master the ERP seeds: {@code SKU-0001 … SKU-1000}. */
  public static final int SKU_COUNT = 1000;
  /** {@code SKU-0991 … SKU-1000} hold one unit in total; random orders avoid them. */
  public static final int LAST_UNIT_SKUS_FROM = 991;

  private static final Pattern SEEDED = Pattern.compile("SKU-(\\d{4})");
  private static final String[] ADJECTIVES = {"Classic", "Organic", "Vintage", "Everyday", "Ultralight", "Heritage",
      "Coastal"};
  private static final String[] NOUNS = {"Tee", "Hoodie", "Mug", "Backpack", "Sneaker", "Notebook", "Desk Lamp",
      "Scarf", "Water Bottle", "Beanie", "Tote Bag"};
  private static final String[] VARIANTS = {"Small / Black", "Medium / Blue", "Large / Grey", "One Size",
      "XL / Olive"};
  private static final String[] CENTS = {".99", ".00", ".50", ".95"};

  /** One sellable variant. */
  public record Item(String sku, long productId, long variantId, long inventoryItemId, String title,
      String variantTitle, String vendor, BigDecimal price, int grams) {}

  private ShopifyCatalog() {}

  /** {@code sku(7)} is {@code "SKU-0007"}. */
  public static String sku(int number) {
    return String.format("SKU-%04d", number);
  }

  public static Item item(String sku) {
    Matcher matcher = SEEDED.matcher(sku);
    long n = matcher.matches() ? Long.parseLong(matcher.group(1)) : 10_000L + Math.floorMod(sku.hashCode(), 1_000_000);
    int i = (int) n;
    BigDecimal price = new BigDecimal((4 + Math.floorMod(n * 7919, 76)) + CENTS[i % CENTS.length]);
    return new Item(sku, 7_400_000_000_000L + n, 42_000_000_000_000L + n, 44_000_000_000_000L + n,
        ADJECTIVES[i % ADJECTIVES.length] + " " + NOUNS[(i / ADJECTIVES.length) % NOUNS.length],
        VARIANTS[i % VARIANTS.length], "Sandbox Goods", price, 100 + Math.floorMod(i * 37, 1900));
  }
}
