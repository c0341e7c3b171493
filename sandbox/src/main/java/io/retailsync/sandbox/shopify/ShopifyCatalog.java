package io.retailsync.sandbox.shopify;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sandbox shop's catalog: one product with one variant per SKU, every id and price derived from the
 * SKU alone, so every generator, test and future inventory endpoint agrees on them without shared state.
 * SKUs outside {@code SKU-0001 … SKU-1000} get ids too, so orders for unknown SKUs can be sent: four-digit
 * {@code SKU-nnnn} ids end in the number, five-digit {@code SKU-nnnnn} (benchmarks' 10,000 SKUs) in 100000 + the
 * number, any other SKU in a number derived from its hash.
 */
public final class ShopifyCatalog {

  /** The item master the ERP seeds: {@code SKU-0001 … SKU-1000}. */
  public static final int SKU_COUNT = 1000;
  /** {@code SKU-0991 … SKU-1000} hold one unit in total; random orders avoid them. */
  public static final int LAST_UNIT_SKUS_FROM = 991;

  private static final Pattern SEEDED = Pattern.compile("SKU-(\\d{4})");
  private static final Pattern FIVE_DIGITS = Pattern.compile("SKU-(\\d{5})");
  private static final long FIVE_DIGIT_BASE = 100_000L;
  private static final long PRODUCT_BASE = 7_400_000_000_000L;
  private static final long VARIANT_BASE = 42_000_000_000_000L;
  private static final long INVENTORY_ITEM_BASE = 44_000_000_000_000L;
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
    long n = number(sku);
    int i = (int) n;
    BigDecimal price = new BigDecimal((4 + Math.floorMod(n * 7919, 76)) + CENTS[i % CENTS.length]);
    return new Item(sku, PRODUCT_BASE + n, VARIANT_BASE + n, INVENTORY_ITEM_BASE + n,
        ADJECTIVES[i % ADJECTIVES.length] + " " + NOUNS[(i / ADJECTIVES.length) % NOUNS.length],
        VARIANTS[i % VARIANTS.length], "Sandbox Goods", price, 100 + Math.floorMod(i * 37, 1900));
  }

  /**
   * The {@code SKU-nnnn} or {@code SKU-nnnnn} whose inventory item id this is, if any; ids of other SKUs (derived
   * from a hash) cannot be read back.
   */
  public static Optional<String> skuOfInventoryItem(long inventoryItemId) {
    long n = inventoryItemId - INVENTORY_ITEM_BASE;
    String sku = n >= 0 && n < 10_000 ? String.format("SKU-%04d", n)
        : n >= FIVE_DIGIT_BASE && n < FIVE_DIGIT_BASE + 100_000 ? String.format("SKU-%05d", n - FIVE_DIGIT_BASE) : null;
    return sku != null && item(sku).inventoryItemId() == inventoryItemId ? Optional.of(sku) : Optional.empty();
  }

  private static long number(String sku) {
    Matcher seeded = SEEDED.matcher(sku);
    if (seeded.matches()) {
      return Long.parseLong(seeded.group(1));
    }
    Matcher five = FIVE_DIGITS.matcher(sku);
    if (five.matches()) {
      return FIVE_DIGIT_BASE + Long.parseLong(five.group(1));
    }
    return 10_000L + Math.floorMod(sku.hashCode(), 1_000_000);
  }
}
