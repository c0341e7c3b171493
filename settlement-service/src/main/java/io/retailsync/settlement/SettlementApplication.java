package io.retailsync.settlement;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** Settlement reports in; reconciliation; balanced journal entries to the ERP; the finance exception API. Port 8084. */
@SpringBootApplication
public class SettlementApplication {

  public static final String CONFIG_NAME = "settlement-service";

  /** The application with its own configuration file, so it can share a JVM with the other services. */
  public static SpringApplicationBuilder builder() {
    return new SpringApplicationBuilder(SettlementApplication.class)
        .properties("spring.config.name=" + CONFIG_NAME);
  }

  public static void main(String[] args) {
    builder().run(args);
  }
}
