package io.retailsync.sandbox.amazon;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * The stand-in's {@code NextToken}: the run's query and the position after the last order served, so it
 * holds no state and stays valid across restarts of the caller. Base64 with {@code +}, {@code /} and
 * {@code =}, like Amazon's, so a caller that does not URL-encode it is caught.
 */
record AmazonNextToken(boolean byCreation, List<String> marketplaceIds, Instant after, Instant before,
    List<String> statuses, List<String> fulfillmentChannels, int pageSize, Instant lastKey, String lastId) {

  private static final String VERSION = "amzn-sandbox-1";

  String encode() {
    String text = String.join("\n", VERSION, byCreation ? "C" : "U", String.join(",", marketplaceIds),
        after.toString(), before.toString(), String.join(",", statuses), String.join(",", fulfillmentChannels),
        Integer.toString(pageSize), lastKey.toString(), lastId);
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  /** The token's content; {@link IllegalArgumentException} for anything the stand-in did not issue. */
  static AmazonNextToken decode(String token) {
    String text = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
    String[] parts = text.split("\n", -1);
    if (parts.length != 10 || !parts[0].equals(VERSION) || !(parts[1].equals("C") || parts[1].equals("U"))) {
      throw new IllegalArgumentException("not a NextToken of this API");
    }
    return new AmazonNextToken(parts[1].equals("C"), list(parts[2]), Instant.parse(parts[3]), Instant.parse(parts[4]),
        list(parts[5]), list(parts[6]), Integer.parseInt(parts[7]), Instant.parse(parts[8]), parts[9]);
  }

  private static List<String> list(String csv) {
    return csv.isEmpty() ? List.of() : List.of(csv.split(","));
  }
}
