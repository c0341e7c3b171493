package io.retailsync.inventory.channels;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code sync.inventory}: the stock locations, and per channel which of them feed it and its buffer, cap
 * and floor. A channel without settings sells from every location with no buffer. Rules changed over
 * {@code /api/inventory/channel-rules} override these.
 *
 * @param locations every stock location, in the default order of preference
 * @param channels the channels inventory is computed for (those with a push connector are pushed to)
 * @param erpStockPoll how often the ERP's stock is read as a count of every location (zero: never)
 */
@ConfigurationProperties("sync.inventory")
public record InventoryProperties(
    List<String> locations,
    @DefaultValue({"shopify", "amazon", "walmart", "ebay"}) List<String> channelNames,
    Map<String, Channel> channels,
    @DefaultValue("0s") Duration erpStockPoll) {

  public InventoryProperties {
    locations = locations == null ? List.of() : List.copyOf(locations);
    channelNames = channelNames == null ? List.of() : List.copyOf(channelNames);
    channels = channels == null ? Map.of() : Map.copyOf(channels);
  }

  /** One channel's settings; absent values fall back to every location, no buffer, no cap, no floor. */
  public record Channel(List<String> locations, Integer buffer, Map<String, Integer> skuBuffers, Integer cap,
      Integer floor) {}
}
