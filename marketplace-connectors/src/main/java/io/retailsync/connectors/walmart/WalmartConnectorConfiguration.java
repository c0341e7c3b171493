package io.retailsync.connectors.walmart;

import org.springframework.boot.autoconfigure.AutoConfiguration;

/** The Walmart connector's beans (its order feed), created when {@code sync.walmart.base-url} is set. */
@AutoConfiguration
public class WalmartConnectorConfiguration {}
