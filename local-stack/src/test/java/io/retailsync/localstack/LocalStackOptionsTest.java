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
  void servicesPicksContextsInStartOrderAndEveryOneByDefault() {
    assertThat(LocalStackOptions.parse().services()).isEqualTo(LocalStackOptions.ALL_SERVICES);
    assertThat(LocalStackOptions.parse("--services=inventory-sync-service,sandbox").services())
        .containsExactly("sandbox", "inventory-sync-service");
    assertThatThrownBy(() -> LocalStackOptions.parse("--services=billing")).hasMessageContaining("--services");
    assertThatThrownBy(() -> LocalStackOptions.parse("--services=sandbox", "--orders=3"))
        .hasMessageContaining("order-ingestion-service");
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

  @Test
  void benchFlagsWithTheirDefaults() {
    LocalStackOptions options = LocalStackOptions.parse("--reset", "--scenario=bench", "--rate=50", "--duration=60",
        "--exit-after-scenario");
    assertThat(options.scenario()).isEqualTo("bench");
    assertThat(options.exitAfterScenario()).isTrue();
    assertThat(options.bench()).isEqualTo(new LocalStackOptions.Bench(50, Duration.ofSeconds(60),
        Duration.ofSeconds(30), 2, Duration.ofSeconds(120), Duration.ofSeconds(10), 64));
    assertThat(options.passThrough()).isEmpty();

    LocalStackOptions all = LocalStackOptions.parse("--scenario=bench", "--rate=100", "--duration=30", "--warmup=0",
        "--deliveries-per-order=3", "--catch-up-timeout=60", "--insert-duration=5", "--senders=16");
    assertThat(all.bench()).isEqualTo(new LocalStackOptions.Bench(100, Duration.ofSeconds(30), Duration.ZERO, 3,
        Duration.ofSeconds(60), Duration.ofSeconds(5), 16));
  }

  @Test
  void aBenchFlagAloneImpliesTheBenchScenario() {
    assertThat(LocalStackOptions.parse("--rate=20").scenario()).isEqualTo("bench");
    assertThat(LocalStackOptions.parse("--duration=15", "--exit-after-scenario").scenario()).isEqualTo("bench");
  }

  @Test
  void benchAndOrdersFlagsDoNotMix() {
    assertThatThrownBy(() -> LocalStackOptions.parse("--scenario=bench", "--orders=10")).hasMessageContaining("--orders");
    assertThatThrownBy(() -> LocalStackOptions.parse("--scenario=orders", "--rate=10")).hasMessageContaining("--rate");
    assertThatThrownBy(() -> LocalStackOptions.parse("--orders=10", "--rate=10")).hasMessageContaining("one scenario");
    assertThatThrownBy(() -> LocalStackOptions.parse("--rate=0")).hasMessageContaining("--rate");
    assertThatThrownBy(() -> LocalStackOptions.parse("--warmup=-1")).hasMessageContaining("--warmup");
    assertThatThrownBy(() -> LocalStackOptions.parse("--deliveries-per-order=x"))
        .hasMessageContaining("--deliveries-per-order");
  }
}
