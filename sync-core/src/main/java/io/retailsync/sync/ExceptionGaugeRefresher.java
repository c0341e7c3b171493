package io.retailsync.sync;

import io.retailsync.sync.exceptions.ExceptionQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/** Keeps {@code sync_exceptions_open} current: entries change through several paths and services. */
final class ExceptionGaugeRefresher implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(ExceptionGaugeRefresher.class);

  private final ExceptionQueue exceptions;
  private ScheduledExecutorService scheduler;

  ExceptionGaugeRefresher(ExceptionQueue exceptions) {
    this.exceptions = exceptions;
  }

  @Override
  public void start() {
    scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "exception-gauge");
      thread.setDaemon(true);
      return thread;
    });
    scheduler.scheduleWithFixedDelay(this::refresh, 0, 5, TimeUnit.SECONDS);
  }

  private void refresh() {
    try {
      exceptions.refreshGauge();
    } catch (RuntimeException e) {
      log.debug("could not refresh the open-exceptions gauge: {}", e.toString());
    }
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
}
