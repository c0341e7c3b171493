package io.retailsync.sync;

import io.retailsync.model.event.Topics;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Defaults every service shares, at the lowest precedence so any service file, profile or environment
 * variable overrides them: Kafka serialization and delivery guarantees (acks=all, idempotent producer,
 * manual offsets), actuator exposure and problem details.
 */
public class SyncDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor {

  static final String SOURCE_NAME = "syncCoreDefaults";

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
    Map<String, Object> defaults = new LinkedHashMap<>();
    defaults.put("spring.kafka.producer.key-serializer", "org.apache.kafka.common.serialization.StringSerializer");
    defaults.put("spring.kafka.producer.value-serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
    defaults.put("spring.kafka.producer.acks", "all");
    defaults.put("spring.kafka.producer.properties.enable.idempotence", "true");
    defaults.put("spring.kafka.producer.properties.max.block.ms", "10000");
    defaults.put("spring.kafka.producer.properties.delivery.timeout.ms", "60000");
    defaults.put("spring.kafka.producer.properties.request.timeout.ms", "15000");
    defaults.put("spring.kafka.producer.properties.linger.ms", "2");
    // anything the intake accepts must travel: a 5 MiB webhook body can become a canonical event of
    // about twice that; zstd makes such JSON a fraction of it on the wire and on disk
    defaults.put("spring.kafka.producer.properties.max.request.size", Integer.toString(Topics.MAX_MESSAGE_BYTES));
    defaults.put("spring.kafka.producer.compression-type", "zstd");
    defaults.put("spring.kafka.admin.modify-topic-configs", "true");
    defaults.put("spring.kafka.consumer.key-deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
    defaults.put("spring.kafka.consumer.value-deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
    defaults.put("spring.kafka.consumer.enable-auto-commit", "false");
    defaults.put("spring.kafka.consumer.auto-offset-reset", "earliest");
    defaults.put("spring.kafka.consumer.isolation-level", "read_committed");
    defaults.put("spring.kafka.listener.observation-enabled", "false");
    defaults.put("management.endpoints.web.exposure.include", "health,prometheus,info");
    defaults.put("management.endpoint.health.probes.enabled", "true");
    defaults.put("management.endpoint.health.show-details", "never");
    defaults.put("management.metrics.distribution.percentiles-histogram.http.server.requests", "true");
    defaults.put("spring.mvc.problemdetails.enabled", "true");
    defaults.put("spring.jpa.open-in-view", "false");
    defaults.put("spring.threads.virtual.enabled", "true");
    defaults.put("springdoc.swagger-ui.path", "/swagger-ui.html");
    defaults.put("spring.flyway.create-schemas", "true");
    defaults.put("server.shutdown", "graceful");
    environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, defaults));
  }
}
