package io.retailsync.sandbox.channel;

import io.retailsync.sandbox.support.SandboxProblem;
import java.util.List;

/** The marketplace channels whose inventory the sandbox records. */
public final class Channels {

  public static final String SHOPIFY = "shopify";
  public static final String AMAZON = "amazon";
  public static final String WALMART = "walmart";
  public static final String EBAY = "ebay";
  public static final List<String> ALL = List.of(SHOPIFY, AMAZON, WALMART, EBAY);

  private Channels() {}

  /** The channel, or a 404 problem for a name that is none. */
  static String require(String channel) {
    if (channel == null || !ALL.contains(channel)) {
      throw SandboxProblem.notFound("no sandbox channel " + channel + "; channels are " + String.join(", ", ALL));
    }
    return channel;
  }
}
