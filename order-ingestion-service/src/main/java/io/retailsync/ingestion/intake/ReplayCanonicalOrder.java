package io.retailsync.ingestion.intake;

import io.retailsync.model.Order;
import io.retailsync.sync.exceptions.ExceptionEntry;
import io.retailsync.sync.exceptions.ExceptionReplayer;
import io.retailsync.sync.exceptions.ReplayRefusedException;
import org.springframework.stereotype.Component;

/** Replays a held canonical order (e.g. after its channel account was configured). */
@Component
class ReplayCanonicalOrder implements ExceptionReplayer {

  static final String KIND = "canonical-order";

  private final ReceiveOrder receiveOrder;

  ReplayCanonicalOrder(ReceiveOrder receiveOrder) {
    this.receiveOrder = receiveOrder;
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public void replay(ExceptionEntry entry) {
    Order order = entry.payloadAs(Order.class);
    // an order from a connector is one version of its order: it is applied as a version (an edit, if the
    // order was taken in before), never refused as a conflict with an older one
    ReceiveOrderResult result = "API".equals(entry.replayTarget())
        ? receiveOrder.receive(order, ReceiveOrder.Source.API)
        : receiveOrder.receiveVersion(OrderVersion.of(order), ReceiveOrder.Source.POLL);
    if (result instanceof ReceiveOrderResult.Rejected rejected) {
      throw new ReplayRefusedException("still " + rejected.type() + ": " + rejected.reason());
    }
    if (result instanceof ReceiveOrderResult.Conflict conflict) {
      throw new ReplayRefusedException(conflict.reason());
    }
  }
}
