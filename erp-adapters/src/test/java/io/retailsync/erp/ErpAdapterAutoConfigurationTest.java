package io.retailsync.erp;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.retailsync.erp.sandbox.SandboxErpAdapter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class ErpAdapterAutoConfigurationTest {

  private final ApplicationContextRunner contexts = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(ErpAdapterAutoConfiguration.class));

  @Test
  void createsNoPortWithoutABaseUrl() {
    contexts.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ErpPort.class));
  }

  @Test
  void createsATimedRestAdapterWhenTheBaseUrlIsSet() {
    contexts.withPropertyValues("sync.erp.base-url=http://127.0.0.1:8090/erp", "sync.erp.batch-size=5",
            "sync.erp.circuit-breaker.wait-in-open=30s")
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .run(context -> {
          assertThat(context).hasSingleBean(ErpPort.class);
          ErpPort port = context.getBean(ErpPort.class);
          assertThat(port).isInstanceOf(MeteredErpPort.class);
          assertThat(((MeteredErpPort) port).delegate()).isInstanceOf(SandboxErpAdapter.class);
          ErpProperties properties = context.getBean(ErpProperties.class);
          assertThat(properties.batchSize()).isEqualTo(5);
          assertThat(properties.readTimeout()).isEqualTo(Duration.ofSeconds(15));
          assertThat(properties.circuitBreaker().waitInOpen()).isEqualTo(Duration.ofSeconds(30));
          assertThat(context.getBean(MeterRegistry.class).find("resilience4j.circuitbreaker.state")
              .tag("name", "erp").gauges()).isNotEmpty();
        });
  }

  @Test
  void worksWithoutAMeterRegistry() {
    contexts.withPropertyValues("sync.erp.base-url=http://127.0.0.1:8090/erp")
        .run(context -> assertThat(context).hasSingleBean(ErpPort.class));
  }

  @Test
  void backsOffForAPortTheApplicationDefines() {
    ErpPort own = Mockito.mock(ErpPort.class);
    contexts.withPropertyValues("sync.erp.base-url=http://127.0.0.1:8090/erp")
        .withBean(ErpPort.class, () -> own)
        .run(context -> assertThat(context.getBean(ErpPort.class)).isSameAs(own));
  }

  @Test
  void refusesToStartWithInvalidSettings() {
    contexts.withPropertyValues("sync.erp.base-url=http://127.0.0.1:8090/erp", "sync.erp.max-attempts=0")
        .run(context -> assertThat(context).hasFailed()
            .getFailure().rootCause().hasMessageContaining("sync.erp.max-attempts"));
  }

  @Test
  void givesEveryContextItsOwnPort() {
    contexts.withPropertyValues("sync.erp.base-url=http://127.0.0.1:8090/erp").run(first ->
        contexts.withPropertyValues("sync.erp.base-url=http://127.0.0.1:8091/erp").run(second -> {
          assertThat(first.getBean(ErpPort.class)).isNotSameAs(second.getBean(ErpPort.class));
          assertThat(second.getBean(ErpProperties.class).baseUrl().getPort()).isEqualTo(8091);
        }));
  }
}
