package io.retailsync.inventory.push;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One daemon thread per channel, each draining its channel's queue as soon as something is queued (or
 * every {@code idleMillis} at the latest), so a channel that is slow, rate limited or down holds up no other.
 */
public class PushScheduler implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(PushScheduler.class);

  private final List<ChannelPusher> pushers;
  private final PushSignal signal;
  private final PushMetrics metrics;
  private final JdbcClient jdbc;
  private final long idleMillis;
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean running;

  public PushScheduler(List<ChannelPusher> pushers, PushSignal signal, PushMetrics metrics, JdbcClient jdbc,
      long idleMillis) {
    this.pushers = pushers;
    this.signal = signal;
    this.metrics = metrics;
    this.jdbc = jdbc;
    this.idleMillis = idleMillis;
  }

  @Override
  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    for (ChannelPusher pusher : pushers) {
      Thread thread = new Thread(() -> loop(pusher), "inventory-push-" + pusher.lane());
      thread.setDaemon(true);
      thread.start();
      threads.add(thread);
    }
    Thread gauges = new Thread(this::refreshGauges, "inventory-push-gauges");
    gauges.setDaemon(true);
    gauges.start();
    threads.add(gauges);
  }

  private void loop(ChannelPusher pusher) {
    long seen = signal.generation();
    while (running) {
      try {
        if (!pusher.drainOnce()) {
          seen = signal.await(seen, idleMillis);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        log.warn("{} inventory push round failed: {}", pusher.lane(), e.toString());
        try {
          Thread.sleep(1000);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private void refreshGauges() {
    while (running) {
      try {
        metrics.refreshWaiting(jdbc);
      } catch (RuntimeException e) {
        log.debug("push gauges not refreshed: {}", e.toString());
      }
      try {
        Thread.sleep(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Override
  public synchronized void stop() {
    running = false;
    threads.forEach(Thread::interrupt);
    threads.clear();
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
