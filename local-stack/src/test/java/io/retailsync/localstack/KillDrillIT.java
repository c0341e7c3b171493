package io.retailsync.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kill drill against the built jar: the whole local stack killed with SIGKILL under load twice and
 * started again on its data (PostgreSQL left running by the killed stack included), Shopify's retries of
 * what got no answer, and then one sales order, posted once, per order. Uses the brief's fixed ports.
 */
class KillDrillIT {

  @TempDir
  Path dataDir;

  @Test
  void theStackKilledUnderLoadAndRestartedPostsEveryOrderExactlyOnce() throws Exception {
    Path jar;
    try (Stream<Path> built = Files.list(Path.of("target"))) {
      jar = built.filter(path -> path.getFileName().toString().endsWith("-exec.jar")).findFirst().orElseThrow();
    }
    ByteArrayOutputStream report = new ByteArrayOutputStream();
    int exitCode = KillDrill.run(new String[] {"--kills=2", "--rate=15", "--min-run=3", "--max-run=6",
        "--data-dir=" + dataDir, "--jar=" + jar, "--timeout=240"}, new PrintStream(report, true, StandardCharsets.UTF_8));
    String text = report.toString(StandardCharsets.UTF_8);
    System.out.print(text);
    assertThat(text).contains("round 2: killed the stack").contains("OK - every order is exactly one sales order");
    assertThat(exitCode).isZero();
  }
}
