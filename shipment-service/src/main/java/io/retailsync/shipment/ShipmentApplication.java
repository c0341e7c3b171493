package io.retailsync.shipment;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** Fulfillment events in; Shipment events out; confirmations and tracking to marketplaces; return receipts. Port 8083. */
@SpringBootApplication
public class ShipmentApplication {

  public static final String CONFIG_NAME = "shipment-service";

  /** The application with its own configuration file, so it can share a JVM with the other services. */
  public static SpringApplicationBuilder builder() {
    return new SpringApplicationBuilder(ShipmentApplication.class)
        .properties("spring.config.name=" + CONFIG_NAME);
  }

  public static void main(String[] args) {
    builder().run(args);
  }
}
