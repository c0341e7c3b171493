package io.retailsync.sync;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Who this service is ({@code sync.service}): {@code name} is the CloudEvents source
 * ({@code /order-ingestion-service}); {@code tag} is the metrics {@code service} tag ({@code ingestion}).
 * {@code lineage-api} serves {@code /api/lineage} (the order-ingestion service only).
 */
@ConfigurationProperties("sync.service")
public record ServiceProperties(String name, String tag, boolean lineageApi) {

  public ServiceProperties {
    if (name == null || name.isBlank() || tag == null || tag.isBlank()) {
      throw new IllegalArgumentException("sync.service.name and sync.service.tag must be set");
    }
  }
}
