package io.retailsync.connectors;

import io.retailsync.connectors.shopify.ShopifyProperties;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** Binds the marketplace connectors' settings in every service that uses them. */
@AutoConfiguration
@EnableConfigurationProperties(ShopifyProperties.class)
public class ConnectorsAutoConfiguration {}
