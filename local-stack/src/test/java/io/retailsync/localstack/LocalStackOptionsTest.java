package io.retailsync.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalStackOptionsTest {

  @Test
  void defaults() {
    LocalStackOptions options = LocalStackOptions.parse();
    assertThat(options.dataDir()).isEqualTo(Path.of(".local-stack").toAbsolutePath().normalize());
    assertThat(options.reset()).isFalse();
    assertThat(options.scenario()).isNull();
    assertThat(options.exitAfterScenario()).isFalse();
    assertThat(options.passThrough()).isEmpty();
  }

  @Test
  void ownFlagsAreTakenAndEverythingElseIsPassedToTheContexts() {
    LocalStackOptions options = LocalStackOptions.parse("--data-dir", "/tmp/stack", "--reset", "--scenario=orders",
        "--orders=25", "--exit-after-scenario", "--logging.level.io.retailsync=DEBUG");
    assertThat(options.dataDir()).isEqualTo(Path.of("/tmp/stack"));
    assertThat(options.reset()).isTrue();
    assertThat(options.scenario()).isEqualTo("orders");
    assertThat(options.orders()).isEqualTo(25);
    assertThat(options.scenarioTimeout()).isEqualTo(Duration.ofSeconds(62));
    assertThat(options.exitAfterScenario()).isTrue();
    assertThat(options.passThrough()).isEqualTo(List.of("--logging.level.io.retailsync=DEBUG"));
  }

  @Test
  void ordersAloneImpliesTheOrdersScenario() {
    assertThat(LocalStackOptions.parse("--orders=3").scenario()).isEqualTo("orders");
  }

  @Test
  void badValuesAreRefused() {
    assertThatThrownBy(() -> LocalStackOptions.parse("--orders=0")).hasMessageContaining("--orders");
    assertThatThrownBy(() -> LocalStackOptions.parse("--orders=many")).hasMessageContaining("--orders");
    assertThatThrownBy(() -> LocalStackOptions.parse("--scenario=chaos")).hasMessageContaining("unknown scenario");
    assertThatThrownBy(() -> LocalStackOptions.parse("--exit-after-scenario")).hasMessageContaining("--scenario");
    assertThatThrownBy(() -> LocalStackOptions.parse("--data-dir")).hasMessageContaining("--data-dir");
  }

  @Test
  void aPropertyOnTheCommandLineOrAsASystemPropertyIsSeen() {
    LocalStackOptions options = LocalStackOptions.parse("--spring.kafka.bootstrap-servers=broker:9092");
    assertThat(options.property("spring.kafka.bootstrap-servers")).isEqualTo("broker:9092");
    String name = "sync.localstack.test-property";
    System.setProperty(name, "from-system");
    try {
      assertThat(LocalStackOptions.parse().property(name)).isEqualTo("from-system");
    } finally {
      System.clearProperty(name);
    }
    assertThat(LocalStackOptions.parse().property("sync.localstack.unset-property")).isNull();
  }
}
