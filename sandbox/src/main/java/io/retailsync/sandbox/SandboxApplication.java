package io.retailsync.sandbox;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Stand-ins for the marketplaces and for an ERP. Runs alone from its jar and, unchanged, as one of
 * several Spring contexts in the local stack's JVM, which is why its configuration file is
 * {@code sandbox.yml} rather than {@code application.yml}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SandboxApplication {

  /** A builder with this application's configuration name preset; the local stack adds its own properties. */
  public static SpringApplicationBuilder builder() {
    return new SpringApplicationBuilder(SandboxApplication.class).properties("spring.config.name=sandbox");
  }

  public static void main(String[] args) {
    builder().run(args);
  }
}
