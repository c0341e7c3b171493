package io.retailsync.connectors.amazon;

import org.springframework.boot.autoconfigure.AutoConfiguration;

/** The Amazon connector's beans (its order feed), created when {@code sync.amazon.base-url} is set. */
@AutoConfiguration
public class AmazonConnectorConfiguration {}
