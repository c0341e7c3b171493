package io.retailsync.ingestion;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** Webhooks and polls in; canonical Order events out; sales orders posted to the ERP. Port 8081. */
@SpringBootApplication
public class OrderIngestionApplication {

  public static final String CONFIG_NAME = "order-ingestion-service";

  /** The application with its own configuration file, so it can share a JVM with the other services. */
  public static SpringApplicationBuilder builder() {
    return new SpringApplicationBuilder(OrderIngestionApplication.class)
        .properties("spring.config.name=" + CONFIG_NAME);
  }

  public static void main(String[] args) {
    builder().run(args);
  }
}
