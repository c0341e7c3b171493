package io.retailsync.connectors.http;

import io.retailsync.model.failure.TransientSyncException;

/**
 * A marketplace call that waiting can cure: 429 after the connector's own waits, a 5xx, a timeout, a cut
 * connection, the token endpoint away. Pollers retry the same page later; consumers back off.
 */
public class MarketplaceUnavailableException extends TransientSyncException {

  public MarketplaceUnavailableException(String message) {
    super(message);
  }

  public MarketplaceUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
