package io.retailsync.connectors.ebay;

import org.springframework.boot.autoconfigure.AutoConfiguration;

/** The Ebay connector's beans (its order feed), created when {@code sync.ebay.base-url} is set. */
@AutoConfiguration
public class EbayConnectorConfiguration {}
