package io.retailsync.sync.outbox;

import io.retailsync.sync.exceptions.ExceptionEntry;
import io.retailsync.sync.exceptions.ExceptionReplayer;
import io.retailsync.sync.exceptions.ReplayRefusedException;
import java.util.function.Supplier;

/**
 * Replays a {@code PUBLISH_REFUSED} entry: puts its parked outbox row back in the relay's work, once the
 * cause is fixed (a broker or topic limit raised, say). If Kafka refuses it again, it is parked again and
 * the entry reopens.
 */
public class OutboxRowReplayer implements ExceptionReplayer {

  private final Supplier<OutboxRelay> relay;

  public OutboxRowReplayer(Supplier<OutboxRelay> relay) {
    this.relay = relay;
  }

  @Override
  public String kind() {
    return OutboxRelay.REPLAY_KIND;
  }

  @Override
  public void replay(ExceptionEntry entry) {
    long id;
    try {
      id = Long.parseLong(entry.replayTarget());
    } catch (NumberFormatException | NullPointerException e) {
      throw new ReplayRefusedException("the entry names no outbox row");
    }
    if (!relay.get().unpark(id)) {
      throw new ReplayRefusedException("outbox row " + id + " is no longer set aside (published or purged)");
    }
  }
}
