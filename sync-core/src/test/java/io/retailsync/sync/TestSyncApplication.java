package io.retailsync.sync;

import io.retailsync.model.event.Topics;
import io.retailsync.sync.events.CloudEventCodec;
import io.retailsync.sync.faults.FaultHooks;
import io.retailsync.model.failure.PermanentSyncException;
import io.retailsync.model.failure.TransientSyncException;
import io.retailsync.sync.security.ServiceAccessRules;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** A minimal service built on sync-core, for sync-core's own integration tests. */
@SpringBootApplication
public class TestSyncApplication {

  /** Crash points the tests switch on. */
  public static class SwitchableFaults implements FaultHooks {
    public final AtomicBoolean failAfterRelaySend = new AtomicBoolean();

    @Override
    public void afterRelaySend() {
      if (failAfterRelaySend.getAndSet(false)) {
        throw new IllegalStateException("simulated crash after the relay's send, before marking rows sent");
      }
    }
  }

  @Bean
  SwitchableFaults faultHooks() {
    return new SwitchableFaults();
  }

  @Bean
  ServiceAccessRules testRules() {
    return rules -> rules.requestMatchers(HttpMethod.GET, "/api/exceptions/**").hasAnyRole("OPS")
        .requestMatchers("/api/exceptions/**").hasRole("OPS");
  }

  /** Consumes the orders topic; bodies starting with "transient" or "poison" fail accordingly. */
  @Component
  public static class ProbeListener {
    public final List<String> processed = new CopyOnWriteArrayList<>();
    public final ConcurrentHashMap<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    public final AtomicInteger transientFailuresLeft = new AtomicInteger();

    @KafkaListener(topics = Topics.RETURNS, groupId = "sync-core-probe")
    void onRecord(ConsumerRecord<String, byte[]> record) {
      var envelope = CloudEventCodec.fromRecord(record);
      String body = new String(envelope.payload());
      attempts.computeIfAbsent(envelope.id(), k -> new AtomicInteger()).incrementAndGet();
      if (body.contains("transient") && transientFailuresLeft.getAndDecrement() > 0) {
        throw new TransientSyncException("ERP away (simulated)");
      }
      if (body.contains("unfileable")) {
        // a permanent failure whose exception entry cannot be stored (no type): it must reach the DLT anyway
        throw new PermanentSyncException(null, "poison record that cannot be filed (simulated)");
      }
      if (body.contains("poison")) {
        throw new PermanentSyncException("INVALID_PAYLOAD", "poison record (simulated)");
      }
      processed.add(envelope.id());
    }
  }
}
