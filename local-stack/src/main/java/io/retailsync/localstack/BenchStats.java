package io.retailsync.localstack;

import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;

/**
 * The benchmark's arithmetic, kept free of I/O so it can be tested on its own: nearest-rank percentiles,
 * rates over a window of {@link System#nanoTime()} stamps, and the ratio of two rates.
 */
final class BenchStats {

  /** A stamp array's "never happened" value. */
  static final long NEVER = Long.MIN_VALUE;

  private BenchStats() {
  }

  /** Count, nearest-rank p50/p95/p99 and max of a sample, in the sample's unit (milliseconds here). */
  record Summary(int count, double p50, double p95, double p99, double max) {

    static final Summary EMPTY = new Summary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    static Summary of(Collection<Double> values) {
      return of(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    static Summary of(double[] values) {
      if (values.length == 0) {
        return EMPTY;
      }
      double[] sorted = values.clone();
      Arrays.sort(sorted);
      return new Summary(sorted.length, percentile(sorted, 0.50), percentile(sorted, 0.95),
          percentile(sorted, 0.99), sorted[sorted.length - 1]);
    }

    @Override
    public String toString() {
      return count == 0 ? "no samples"
          : String.format(Locale.ROOT, "p50=%.1f p95=%.1f p99=%.1f max=%.1f n=%d", p50, p95, p99, max, count);
    }
  }

  /**
   * Nearest-rank percentile of an ascending array: the smallest value with at least {@code quantile} of the
   * sample at or below it. NaN for an empty array.
   */
  static double percentile(double[] sorted, double quantile) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    if (quantile <= 0) {
      return sorted[0];
    }
    // the small epsilon keeps 0.95 * 100 = 95.00000000000001 at rank 95
    int rank = (int) Math.ceil(quantile * sorted.length - 1e-9);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  /** How many stamps fall in {@code [from, to)}; {@link #NEVER} never counts. */
  static long countWithin(long[] stamps, long from, long to) {
    long count = 0;
    for (long stamp : stamps) {
      if (stamp != NEVER && stamp - from >= 0 && stamp - to < 0) {
        count++;
      }
    }
    return count;
  }

  /** Events per second; NaN when the interval is not positive. */
  static double perSecond(long events, long nanos) {
    return nanos <= 0 ? Double.NaN : events * 1e9 / nanos;
  }

  /** {@code numerator / denominator}, or NaN when either is unknown or the denominator is not positive. */
  static double ratio(double numerator, double denominator) {
    if (Double.isNaN(numerator) || Double.isNaN(denominator) || denominator <= 0) {
      return Double.NaN;
    }
    return numerator / denominator;
  }

  /** Milliseconds between two nanoTime stamps. */
  static double millis(long fromNanos, long toNanos) {
    return (toNanos - fromNanos) / 1e6;
  }

  /** The mean of a sample; NaN for none. */
  static double mean(Collection<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }

  /**
   * The sum over the series of a Prometheus metric whose labels contain {@code label} (e.g.
   * {@code system="erp"}), from the text exposition format; 0 when there are none.
   */
  static double sumOf(String prometheusText, String metric, String label) {
    double sum = 0;
    for (String line : prometheusText.split("\n")) {
      if (!line.startsWith(metric + "{")) {
        continue;
      }
      int close = line.lastIndexOf('}');
      if (close < 0 || !line.substring(metric.length(), close).contains(label)) {
        continue;
      }
      String[] parts = line.substring(close + 1).trim().split(" ");
      try {
        sum += Double.parseDouble(parts[0]);
      } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
        // not a sample line
      }
    }
    return sum;
  }

  /** A number for the report: one decimal, or "n/a" when unknown. */
  static String fmt(double value) {
    return Double.isNaN(value) || Double.isInfinite(value) ? "n/a" : String.format(Locale.ROOT, "%.1f", value);
  }
}
