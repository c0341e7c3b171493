package io.retailsync.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The local stack as a child process of the bench, so the load generator never shares a JVM with what it
 * measures: started with {@code --reset} on its own data directory, ready when it prints its ready line, stopped
 * with SIGTERM (its own shutdown hook closes the services, Kafka and PostgreSQL) and killed only if that hangs.
 */
final class LocalStackProcess implements AutoCloseable {

  static final String READY = "retail-sync local stack ready";

  private final Process process;

  private LocalStackProcess(Process process) {
    this.process = process;
  }

  static LocalStackProcess start(Path jar, Path dataDir, List<String> javaOptions, List<String> arguments,
      Duration timeout) throws IOException, InterruptedException {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalArgumentException("no local-stack jar at " + jar + " (mvn -B install -DskipTests builds it)");
    }
    Files.createDirectories(dataDir);
    Path log = dataDir.resolve("local-stack.log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(javaOptions);
    command.add("-jar");
    command.add(jar.toString());
    command.add("--reset");
    command.add("--data-dir=" + dataDir);
    command.addAll(arguments);
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
    LocalStackProcess stack = new LocalStackProcess(process);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the local stack exited with " + process.exitValue() + " before it was ready; see "
            + log);
      }
      if (Files.readString(log).contains(READY)) {
        return stack;
      }
      Thread.sleep(500);
    }
    stack.close();
    throw new IllegalStateException("the local stack was not ready within " + timeout + "; see " + log);
  }

  @Override
  public void close() throws InterruptedException {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    if (!process.waitFor(90, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }
}
