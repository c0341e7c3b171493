package io.retailsync.model.event;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EventTypeTest {

  @Test
  void cloudEventTypesFollowTheBrief() {
    assertThat(EventType.ORDER_CREATED.cloudEventType()).isEqualTo("retail.sync.OrderCreated");
    assertThat(EventType.ORDER_ACCEPTED.topic()).isEqualTo("retail.order-acks.v1");
    assertThat(EventType.REFUND_ISSUED.topic()).isEqualTo("retail.returns.v1");
    assertThat(EventType.fromCloudEventType("retail.sync.OrderRejected")).isEqualTo(EventType.ORDER_REJECTED);
    assertThat(Topics.deadLetter(Topics.ORDERS)).isEqualTo("retail.orders.v1.DLT");
  }
}
