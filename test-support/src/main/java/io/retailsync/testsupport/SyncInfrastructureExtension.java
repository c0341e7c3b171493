package io.retailsync.testsupport;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts (once per JVM) the real PostgreSQL and Kafka of {@link SyncInfrastructure} and exposes them as
 * the system properties Spring Boot reads, so a {@code @SpringBootTest} picks them up unchanged.
 */
public class SyncInfrastructureExtension implements BeforeAllCallback {

  @Override
  public void beforeAll(ExtensionContext context) {
    SyncInfrastructure.springProperties().forEach(System::setProperty);
  }
}
