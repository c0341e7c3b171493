package io.retailsync.sync;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * A piece of background work run on its own daemon thread at a fixed delay, from the context's start to
 * its stop: a failed round is logged and the next one runs as usual, so the work never stops quietly.
 */
public final class PeriodicTask implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(PeriodicTask.class);

  private final String name;
  private final Duration initialDelay;
  private final Duration interval;
  private final Runnable round;
  private ScheduledExecutorService scheduler;

  public PeriodicTask(String name, Duration initialDelay, Duration interval, Runnable round) {
    this.name = name;
    this.initialDelay = initialDelay;
    this.interval = interval;
    this.round = round;
  }

  private void runRound() {
    try {
      round.run();
    } catch (RuntimeException | Error e) {
      // an Error too: a scheduled task that throws one is never run again
      log.warn("{} failed, will run again in {}: {}", name, interval, e.toString());
    }
  }

  @Override
  public synchronized void start() {
    if (scheduler != null) {
      return;
    }
    scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    });
    scheduler.scheduleWithFixedDelay(this::runRound, initialDelay.toMillis(), Math.max(1, interval.toMillis()),
        TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void stop() {
    if (scheduler != null) {
      scheduler.shutdownNow();
      scheduler = null;
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return scheduler != null;
  }
}
