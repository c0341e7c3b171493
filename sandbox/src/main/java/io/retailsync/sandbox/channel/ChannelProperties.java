package io.retailsync.sandbox.channel;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code sandbox.channels.*}: what every channel stand-in lists. The ERP seeds {@code SKU-0001 … SKU-1000};
 * benchmarks push 10,000 SKUs, so any SKU matching {@code skuPattern} counts as listed, on every channel under the
 * same code.
 *
 * @param skuPattern a regular expression a listed SKU matches in full
 */
@ConfigurationProperties("sandbox.channels")
record ChannelProperties(@DefaultValue("SKU-\\d{4,5}") String skuPattern) {}
