package io.retailsync.sync.kafka;

import io.retailsync.sync.metrics.SyncMetrics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.ContainerPausingBackOffHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.ListenerContainerPauseService;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

/**
 * The consumers' error handling, as the architecture brief fixes it. Transient failures (anywhere in
 * the cause chain, see {@link FailureClassifier}) back off exponentially without limit, pausing the
 * partition instead of blocking the consumer thread; nothing transient is ever dead-lettered. Every
 * other failure is retried a bounded number of times and then handed to the {@link DeadLetterRecoverer},
 * so a poison record never blocks its partition.
 */
public final class SyncErrorHandlers {

  private SyncErrorHandlers() {}

  public static CommonErrorHandler create(ConsumerRetryProperties retry, ConsumerRecordRecoverer recoverer,
      ListenerContainerPauseService pauseService, SyncMetrics metrics) {
    ExponentialBackOff transientBackOff = new ExponentialBackOff(retry.transientInitialBackoff().toMillis(), 2.0);
    transientBackOff.setMaxInterval(retry.transientMaxBackoff().toMillis());
    DefaultErrorHandler transientHandler = new DefaultErrorHandler((record, failure) -> {
      throw new IllegalStateException("a transient failure is never recovered; it is retried", failure);
    }, transientBackOff, new ContainerPausingBackOffHandler(pauseService));
    transientHandler.setRetryListeners(counting(metrics));

    DefaultErrorHandler permanentHandler = new DefaultErrorHandler(recoverer,
        new FixedBackOff(retry.permanentBackoff().toMillis(), retry.permanentAttempts()));
    permanentHandler.setRetryListeners(counting(metrics));

    return new ClassifyingErrorHandler(transientHandler, permanentHandler);
  }

  private static RetryListener counting(SyncMetrics metrics) {
    return new RetryListener() {
      @Override
      public void failedDelivery(ConsumerRecord<?, ?> record, Exception ex, int deliveryAttempt) {
        metrics.retried(record.topic());
      }

      @Override
      public void failedDelivery(ConsumerRecords<?, ?> records, Exception ex, int deliveryAttempt) {
        records.partitions().forEach(partition -> metrics.retried(partition.topic()));
      }
    };
  }
}
