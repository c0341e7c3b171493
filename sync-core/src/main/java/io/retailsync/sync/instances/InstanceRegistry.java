package io.retailsync.sync.instances;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The instances of this service that are alive, by heartbeat in the service's own schema. Each instance
 * beats every {@code heartbeat-interval}; one that has not beaten within {@code expiry} is not counted.
 * A stopped instance does not remove its row: its last beat is what tells others when its claims may be
 * taken over (a write it sent just before stopping may still be under way at the ERP). Listeners hear the
 * live count when it changes, e.g. to take their share of a budget several replicas must not multiply.
 */
public final class InstanceRegistry implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(InstanceRegistry.class);

  private final JdbcClient jdbc;
  private final Duration heartbeatInterval;
  private final Duration expiry;
  private final String instanceId = UUID.randomUUID().toString();
  private final AtomicInteger live = new AtomicInteger(1);
  private final List<IntConsumer> listeners = new CopyOnWriteArrayList<>();
  private volatile java.time.Instant lastBeat;
  private ScheduledExecutorService scheduler;

  public InstanceRegistry(JdbcClient jdbc, Duration heartbeatInterval, Duration expiry) {
    this.jdbc = jdbc;
    this.heartbeatInterval = heartbeatInterval;
    this.expiry = expiry;
  }

  public String instanceId() {
    return instanceId;
  }

  /** The live instances, this one included (at least 1). */
  public int liveInstances() {
    return live.get();
  }

  /** Calls {@code listener} with the live count now and whenever it changes. */
  public void onLiveCountChange(IntConsumer listener) {
    listeners.add(listener);
    listener.accept(live.get());
  }

  /** Beats and recounts; used by the scheduler and by tests. */
  public int beat() {
    jdbc.sql("""
        INSERT INTO service_instances (instance_id) VALUES (:id)
        ON CONFLICT (instance_id) DO UPDATE SET heartbeat_at = now()""").param("id", instanceId).update();
    lastBeat = java.time.Instant.now();
    int count = jdbc.sql("SELECT count(*) FROM service_instances WHERE heartbeat_at > now() - make_interval(secs => :expiry)")
        .param("expiry", expiry.toMillis() / 1000.0).query(Integer.class).single();
    jdbc.sql("DELETE FROM service_instances WHERE heartbeat_at < now() - interval '1 day'").update();
    int now = Math.max(1, count);
    int before = live.getAndSet(now);
    if (before != now) {
      log.info("{} live instance(s) of this service (was {})", now, before);
      listeners.forEach(listener -> listener.accept(now));
    }
    return now;
  }

  private void safeBeat() {
    try {
      beat();
    } catch (RuntimeException e) {
      log.debug("heartbeat failed: {}", e.toString());
    }
  }

  @Override
  public void start() {
    scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "instance-heartbeat");
      thread.setDaemon(true);
      return thread;
    });
    scheduler.scheduleWithFixedDelay(this::safeBeat, 0, heartbeatInterval.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void stop() {
    if (scheduler != null) {
      scheduler.shutdownNow();
      scheduler = null;
    }
  }

  @Override
  public boolean isRunning() {
    return scheduler != null;
  }

  @Override
  public int getPhase() {
    // beat until the consumers (phase Integer.MAX_VALUE - 100) have stopped
    return Integer.MAX_VALUE - 1000;
  }

  /** When this instance's last beat was written, or null before the first. */
  public java.time.Instant lastBeat() {
    return lastBeat;
  }
}
