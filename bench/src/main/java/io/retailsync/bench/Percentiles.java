package io.retailsync.bench;

import java.util.Arrays;
import java.util.Locale;

/** Nearest-rank percentiles of a set of latencies in milliseconds. */
record Percentiles(int count, double p50, double p95, double p99, double max) {

  static final Percentiles EMPTY = new Percentiles(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

  static Percentiles of(double[] values) {
    if (values.length == 0) {
      return EMPTY;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return new Percentiles(sorted.length, rank(sorted, 0.50), rank(sorted, 0.95), rank(sorted, 0.99),
        sorted[sorted.length - 1]);
  }

  static double rank(double[] sorted, double quantile) {
    int index = (int) Math.ceil(quantile * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "p50=%.0f p95=%.0f p99=%.0f max=%.0f ms (n=%d)", p50, p95, p99, max, count);
  }
}
