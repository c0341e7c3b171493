package io.retailsync.inventory;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** Available-to-promise per SKU, location and channel; InventoryPosition events; inventory pushed to every channel. Port 8082. */
@SpringBootApplication
public class InventorySyncApplication {

  public static final String CONFIG_NAME = "inventory-sync-service";

  /** The application with its own configuration file, so it can share a JVM with the other services. */
  public static SpringApplicationBuilder builder() {
    return new SpringApplicationBuilder(InventorySyncApplication.class)
        .properties("spring.config.name=" + CONFIG_NAME);
  }

  public static void main(String[] args) {
    builder().run(args);
  }
}
