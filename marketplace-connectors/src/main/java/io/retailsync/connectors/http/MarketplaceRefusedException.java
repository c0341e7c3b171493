package io.retailsync.connectors.http;

import io.retailsync.model.failure.PermanentSyncException;

/**
 * A marketplace answer that retrying the same call will not change: a 400 for the request, a 403 for the
 * account's grants, a 404 for an id it does not know. Carries the marketplace's status and error text.
 */
public class MarketplaceRefusedException extends PermanentSyncException {

  private final int status;

  public MarketplaceRefusedException(String exceptionType, int status, String message) {
    super(exceptionType, message);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
