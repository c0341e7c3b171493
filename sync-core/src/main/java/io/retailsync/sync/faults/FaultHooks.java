package io.retailsync.sync.faults;

/**
 * Points where a test can make a process fail as if killed: after a remote side effect succeeded and
 * before the local commit that records it. Production uses {@link #NONE}. These hooks exist because the
 * exactly-once claims of the suite are about exactly these windows, and they must be tested with the
 * real pieces, not with mocks.
 */
public interface FaultHooks {

  FaultHooks NONE = new FaultHooks() {};

  /** After the outbox relay's batch was acknowledged by Kafka, before the rows are marked published. */
  default void afterRelaySend() {}

  /** After the ERP answered 2xx for a batch, before the local transaction records the result. */
  default void afterErpSuccess() {}

  /**
   * After the documents to post were chosen (and their claims taken), before the ERP is called: a slow
   * ERP, a rate-limit wait or a stalled thread, during which the consumer may lose its partitions.
   */
  default void beforeErpPost() {}

  /** While recording one document's ERP result locally: a database error that hits that document only. */
  default void whileRecordingResult(String externalReference) {}

  /**
   * After a channel's inventory API answered a push (the marketplace took the quantities), before the local
   * transaction removes the pushed rows from the queue.
   *
   * @param channel the channel pushed to ({@code shopify}, {@code amazon}, ...)
   * @param urgentLane whether the push came from the channel's urgent lane (zeros, quantities at the floor)
   * @param skus the SKUs of the push
   */
  default void afterChannelPush(String channel, boolean urgentLane, java.util.List<String> skus) {}
}
