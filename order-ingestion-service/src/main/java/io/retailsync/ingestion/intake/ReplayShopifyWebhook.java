package io.retailsync.ingestion.intake;

import io.retailsync.sync.exceptions.ExceptionEntry;
import io.retailsync.sync.exceptions.ExceptionReplayer;
import io.retailsync.sync.exceptions.ReplayRefusedException;
import org.springframework.stereotype.Component;

/** Replays a held Shopify delivery: maps its raw body again (its signature was checked on arrival). */
@Component
class ReplayShopifyWebhook implements ExceptionReplayer {

  static final String KIND = "shopify-webhook";

  private final ReceiveShopifyWebhook webhooks;

  ReplayShopifyWebhook(ReceiveShopifyWebhook webhooks) {
    this.webhooks = webhooks;
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public void replay(ExceptionEntry entry) {
    if (entry.payload() == null) {
      throw new ReplayRefusedException("no payload was kept for this delivery");
    }
    var headers = entry.payloadHeaders();
    ShopifyDelivery delivery = new ShopifyDelivery(headers.get("X-Shopify-Shop-Domain"), entry.replayTarget(),
        headers.get("X-Shopify-Event-Id"), headers.get("X-Shopify-Webhook-Id"), null,
        entry.payload());
    if (!ReceiveShopifyWebhook.HANDLED_TOPICS.contains(delivery.topic())) {
      throw new ReplayRefusedException("topic " + delivery.topic() + " is not processed");
    }
    if (webhooks.process(delivery) == ReceiveShopifyWebhook.Outcome.REJECTED) {
      throw new ReplayRefusedException("the payload still cannot be processed: " + entry.reason());
    }
  }
}
