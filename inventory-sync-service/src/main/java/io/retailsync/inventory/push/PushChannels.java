package io.retailsync.inventory.push;

import java.util.Set;

/** The channels whose quantities are pushed (those with an inventory connector and a rule). */
public record PushChannels(Set<String> names) {

  public PushChannels {
    names = Set.copyOf(names);
  }

  public boolean pushed(String channel) {
    return names.contains(channel);
  }
}
