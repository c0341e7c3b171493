package io.retailsync.connectors.inventory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a channel did with one push: the SKUs it took, and the ones it refused with its own reason.
 *
 * @param accepted SKUs the channel now shows at the pushed quantity
 * @param rejected SKU → the marketplace's reason (its error code and message), for a refusal a repeat will not
 *     change
 */
public record PushOutcome(List<String> accepted, Map<String, String> rejected) {

  public PushOutcome {
    accepted = List.copyOf(accepted);
    rejected = Map.copyOf(rejected);
  }

  public static PushOutcome empty() {
    return new PushOutcome(List.of(), Map.of());
  }

  /** This outcome followed by {@code other} (one push split into several calls). */
  public PushOutcome plus(PushOutcome other) {
    List<String> skus = new ArrayList<>(accepted);
    skus.addAll(other.accepted);
    Map<String, String> refused = new LinkedHashMap<>(rejected);
    refused.putAll(other.rejected);
    skus.removeAll(refused.keySet());
    return new PushOutcome(skus, refused);
  }
}
