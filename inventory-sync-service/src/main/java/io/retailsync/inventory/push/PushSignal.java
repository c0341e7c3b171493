package io.retailsync.inventory.push;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.stereotype.Component;

/** Wakes the pushers as soon as a transaction that queued quantities commits, instead of their next poll. */
@Component
public class PushSignal {

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition queued = lock.newCondition();
  private long generation;

  public void queued() {
    lock.lock();
    try {
      generation++;
      queued.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Waits until something is queued after {@code seen}, or the timeout; returns the generation now. */
  long await(long seen, long timeoutMillis) throws InterruptedException {
    lock.lock();
    try {
      long nanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
      while (generation == seen && nanos > 0) {
        nanos = queued.awaitNanos(nanos);
      }
      return generation;
    } finally {
      lock.unlock();
    }
  }

  long generation() {
    lock.lock();
    try {
      return generation;
    } finally {
      lock.unlock();
    }
  }
}
