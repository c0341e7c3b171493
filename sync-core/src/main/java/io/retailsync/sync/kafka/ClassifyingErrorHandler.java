package io.retailsync.sync.kafka;

import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Hands each failure to the transient or the permanent handler by {@link FailureClassifier}, which
 * looks through the whole cause chain (listener failures arrive wrapped).
 */
final class ClassifyingErrorHandler implements CommonErrorHandler {

  private final CommonErrorHandler transientHandler;
  private final CommonErrorHandler permanentHandler;

  ClassifyingErrorHandler(CommonErrorHandler transientHandler, CommonErrorHandler permanentHandler) {
    this.transientHandler = transientHandler;
    this.permanentHandler = permanentHandler;
  }

  private CommonErrorHandler pick(Exception failure) {
    return FailureClassifier.isTransient(failure) ? transientHandler : permanentHandler;
  }

  @Override
  public boolean seeksAfterHandling() {
    return permanentHandler.seeksAfterHandling();
  }

  @Override
  public boolean isAckAfterHandle() {
    return permanentHandler.isAckAfterHandle();
  }

  @Override
  public void setAckAfterHandle(boolean ack) {
    transientHandler.setAckAfterHandle(ack);
    permanentHandler.setAckAfterHandle(ack);
  }

  @Override
  public void clearThreadState() {
    transientHandler.clearThreadState();
    permanentHandler.clearThreadState();
  }

  @Override
  public boolean deliveryAttemptHeader() {
    return permanentHandler.deliveryAttemptHeader();
  }

  @Override
  public boolean handleOne(Exception thrownException, ConsumerRecord<?, ?> record, Consumer<?, ?> consumer,
      MessageListenerContainer container) {
    return pick(thrownException).handleOne(thrownException, record, consumer, container);
  }

  @Override
  public void handleRemaining(Exception thrownException, List<ConsumerRecord<?, ?>> records,
      Consumer<?, ?> consumer, MessageListenerContainer container) {
    pick(thrownException).handleRemaining(thrownException, records, consumer, container);
  }

  @Override
  public void handleBatch(Exception thrownException, ConsumerRecords<?, ?> data, Consumer<?, ?> consumer,
      MessageListenerContainer container, Runnable invokeListener) {
    pick(thrownException).handleBatch(thrownException, data, consumer, container, invokeListener);
  }

  @Override
  public void handleOtherException(Exception thrownException, Consumer<?, ?> consumer,
      MessageListenerContainer container, boolean batchListener) {
    pick(thrownException).handleOtherException(thrownException, consumer, container, batchListener);
  }

  @Override
  public void onPartitionsAssigned(Consumer<?, ?> consumer,
      java.util.Collection<org.apache.kafka.common.TopicPartition> partitions, Runnable publishPause) {
    transientHandler.onPartitionsAssigned(consumer, partitions, publishPause);
    permanentHandler.onPartitionsAssigned(consumer, partitions, publishPause);
  }
}
