package io.retailsync.sandbox.channel;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.springframework.stereotype.Component;

/**
 * Which SKUs the channel stand-ins list (every channel the same): those matching {@code sandbox.channels.sku-pattern}
 * ({@code SKU-\d{4,5}} by default). A push for any other SKU is refused per SKU, in the marketplace's error shape.
 */
@Component
public class ChannelCatalog {

  private final Pattern pattern;

  ChannelCatalog(ChannelProperties properties) {
    String text = properties.skuPattern() == null || properties.skuPattern().isBlank() ? "SKU-\\d{4,5}"
        : properties.skuPattern();
    try {
      this.pattern = Pattern.compile(text);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("sandbox.channels.sku-pattern is not a regular expression: " + text, e);
    }
  }

  /** A catalog listing what {@code regex} matches (tests). */
  public static ChannelCatalog of(String regex) {
    return new ChannelCatalog(new ChannelProperties(regex, null));
  }

  public boolean listed(String sku) {
    return sku != null && pattern.matcher(sku).matches();
  }

  public String pattern() {
    return pattern.pattern();
  }
}
