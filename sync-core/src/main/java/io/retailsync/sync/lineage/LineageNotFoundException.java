package io.retailsync.sync.lineage;

public class LineageNotFoundException extends RuntimeException {

  public LineageNotFoundException(String channel, String orderId) {
    super("no order " + orderId + " on channel " + channel);
  }
}
