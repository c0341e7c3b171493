package io.retailsync.ingestion.config;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Order-ingestion settings ({@code sync.ingestion}). {@code generic-channels} are the channel accounts
 * that post canonical orders through {@code POST /api/orders} (marketplaces without a connector).
 */
@ConfigurationProperties("sync.ingestion")
public record IngestionProperties(
    @DefaultValue({}) List<String> genericChannels,
    @DefaultValue("2") int postingLanes,
    @DefaultValue("20") int postingBatchSize) {}
