package io.retailsync.sandbox;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SandboxApplicationTest {

  @Test
  void withoutADatasourceItRefusesToStart() {
    assertThatThrownBy(() -> SandboxApplication.builder().properties("server.port=0").run().close())
        .hasStackTraceContaining("Failed to determine a suitable driver class");
  }
}
