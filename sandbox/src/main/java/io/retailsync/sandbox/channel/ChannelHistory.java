package io.retailsync.sandbox.channel;

import java.time.Instant;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Every quantity each channel stand-in accepted, in the order it took them, with the time it took each: what a
 * benchmark needs to tell when a channel first showed a value (the table keeps only the last one). Held in memory
 * and bounded ({@value #CAPACITY} entries per channel, the oldest forgotten first and counted), since it serves
 * measurements, not the stand-in's behaviour; a restart of the sandbox starts it empty.
 */
@Component
public class ChannelHistory {

  static final int CAPACITY = 2_000_000;

  /** One accepted quantity: its sequence number within the channel (from 1), SKU, quantity and when. */
  public record Entry(long seq, String sku, int quantity, Instant at) {}

  /** A page of entries after a sequence number, how many were forgotten, and the last sequence number so far. */
  public record Page(List<Entry> entries, long forgotten, long last) {}

  private static final class Log {
    private final Deque<Entry> entries = new ArrayDeque<>();
    private long last;
    private long forgotten;
  }

  private final Map<String, Log> logs = new ConcurrentHashMap<>();

  void append(String channel, Map<String, Integer> quantities, Instant at) {
    Log log = logs.computeIfAbsent(channel, ignored -> new Log());
    synchronized (log) {
      quantities.forEach((sku, quantity) -> {
        log.entries.addLast(new Entry(++log.last, sku, quantity, at));
        if (log.entries.size() > CAPACITY) {
          log.entries.removeFirst();
          log.forgotten++;
        }
      });
    }
  }

  /** At most {@code limit} entries of the channel with a sequence number above {@code after}. */
  public Page after(String channel, long after, int limit) {
    Log log = logs.get(channel);
    if (log == null) {
      return new Page(List.of(), 0, 0);
    }
    synchronized (log) {
      List<Entry> page = new ArrayList<>(Math.min(limit, log.entries.size()));
      if (!log.entries.isEmpty() && after < log.last) {
        long first = log.entries.peekFirst().seq();
        var iterator = log.entries.iterator();
        // entries are numbered without gaps, so the first wanted one is at a known offset
        long skip = Math.max(0, after + 1 - first);
        for (long i = 0; i < skip && iterator.hasNext(); i++) {
          iterator.next();
        }
        while (iterator.hasNext() && page.size() < limit) {
          page.add(iterator.next());
        }
      }
      return new Page(page, log.forgotten, log.last);
    }
  }

  void clear(String channel) {
    logs.remove(channel);
  }
}
