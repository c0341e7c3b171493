package io.retailsync.localstack;

import io.retailsync.ingestion.OrderIngestionApplication;
import io.retailsync.inventory.InventorySyncApplication;
import io.retailsync.sandbox.SandboxApplication;
import io.retailsync.settlement.SettlementApplication;
import io.retailsync.shipment.ShipmentApplication;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingInitializationContext;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * The one-command local run: an in-process Kafka broker (KRaft) and an embedded PostgreSQL unless the
 * environment names its own, then the sandbox and the four services, each as its own Spring context
 * (its own configuration file, schema and Flyway history, exactly as when it runs from its own jar) with
 * the {@code local} profile. Prints {@value #READY} once every {@code /actuator/health} answers UP over
 * HTTP, optionally runs a scenario, and stays up until stopped; the shutdown hook closes the contexts
 * (last started first), then Kafka, then PostgreSQL.
 */
public final class LocalStack implements AutoCloseable {

  public static final String READY = "retail-sync local stack ready";
  public static final String PROFILE = "local";

  private static final Logger log = LoggerFactory.getLogger(LocalStack.class);
  private static final Duration INFRASTRUCTURE_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(90);

  /** A context the stack starts, in start order. */
  record Service(String name, Class<?> application, Supplier<SpringApplicationBuilder> builder) {}

  static final List<Service> SERVICES = List.of(
      new Service("sandbox", SandboxApplication.class, SandboxApplication::builder),
      new Service("order-ingestion-service", OrderIngestionApplication.class, OrderIngestionApplication::builder),
      new Service("inventory-sync-service", InventorySyncApplication.class, InventorySyncApplication::builder),
      new Service("shipment-service", ShipmentApplication.class, ShipmentApplication::builder),
      new Service("settlement-service", SettlementApplication.class, SettlementApplication::builder));

  /** A started context and the port its web server listens on. */
  record Running(String name, ConfigurableApplicationContext context, int port) {}

  private final LocalStackOptions options;
  private final List<Running> running = new ArrayList<>();
  private final CountDownLatch closed = new CountDownLatch(1);
  private volatile LocalKafka kafka;
  private volatile LocalPostgres postgres;
  private volatile CompletableFuture<LocalPostgres> startingPostgres;
  private boolean closing;

  LocalStack(LocalStackOptions options) {
    this.options = options;
  }

  public static void main(String[] args) {
    if (args.length > 0 && KillDrill.COMMAND.equals(args[0])) {
      System.exit(KillDrill.run(java.util.Arrays.copyOfRange(args, 1, args.length), System.out));
      return;
    }
    if (args.length > 0 && RetentionBench.COMMAND.equals(args[0])) {
      System.exit(RetentionBench.run(java.util.Arrays.copyOfRange(args, 1, args.length), System.out));
      return;
    }
    LocalStackOptions options;
    try {
      options = LocalStackOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("local-stack: " + e.getMessage());
      System.err.print(LocalStackOptions.USAGE);
      System.exit(2);
      return;
    }
    if (options.help()) {
      System.out.print(LocalStackOptions.USAGE);
      return;
    }
    LocalStack stack = new LocalStack(options);
    Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "local-stack-shutdown"));
    try {
      stack.start();
    } catch (Exception e) {
      log.error("the local stack could not start: {}", e.toString(), e);
      System.err.println("local-stack: could not start: " + e);
      stack.close();
      System.exit(1);
      return;
    }
    System.out.println(READY);
    System.out.flush();
    if (options.scenario() != null) {
      int exitCode = LocalStackOptions.SCENARIO_BENCH.equals(options.scenario())
          ? stack.runBenchScenario(System.out)
          : stack.runOrdersScenario(System.out);
      if (options.exitAfterScenario()) {
        stack.close();
        System.exit(exitCode);
        return;
      }
    }
    stack.awaitClosed();
  }

  /** Starts whatever infrastructure is missing, then every context, then waits for every health check. */
  void start() throws Exception {
    long started = System.nanoTime();
    initialiseLogging();
    Files.createDirectories(options.dataDir());
    Map<String, Object> properties = commonProperties();
    String bootstrapServers = options.property("spring.kafka.bootstrap-servers");
    String datasourceUrl = options.property("spring.datasource.url");
    List<Integer> ports = new ArrayList<>();
    if (bootstrapServers == null) {
      ports.add(LocalKafka.PORT);
      ports.add(LocalKafka.CONTROLLER_PORT);
    }
    Map<String, Integer> servicePorts = Map.of("sandbox", 8090, "order-ingestion-service", 8081,
        "inventory-sync-service", 8082, "shipment-service", 8083, "settlement-service", 8084);
    options.services().forEach(name -> ports.add(servicePorts.get(name)));
    requireFree(ports);
    if (datasourceUrl == null) {
      // no other stack holds the ports: a PostgreSQL still running on this data is one a killed stack left
      LocalPostgres.stopLeftover(options.dataDir());
      requireFree(List.of(LocalPostgres.PORT));
    }
    if (options.reset()) {
      log.info("--reset: wiping Kafka and PostgreSQL data under {}", options.dataDir());
      LocalKafka.deleteData(options.dataDir());
      LocalPostgres.deleteData(options.dataDir());
    }

    if (datasourceUrl == null) {
      startingPostgres = CompletableFuture.supplyAsync(() -> {
        try {
          return LocalPostgres.start(options.dataDir());
        } catch (Exception e) {
          throw new IllegalStateException("embedded PostgreSQL did not start: " + e.getMessage(), e);
        }
      });
    }
    if (bootstrapServers == null) {
      kafka = LocalKafka.start(options.dataDir(), INFRASTRUCTURE_TIMEOUT);
      properties.put("spring.kafka.bootstrap-servers", LocalKafka.BOOTSTRAP_SERVERS);
      log.info("Kafka (in-process KRaft broker) on {}", LocalKafka.BOOTSTRAP_SERVERS);
    } else {
      log.info("Kafka: using {}", bootstrapServers);
    }
    if (startingPostgres != null) {
      postgres = startingPostgres.join();
      properties.put("spring.datasource.url", LocalPostgres.JDBC_URL);
      properties.put("spring.datasource.username", LocalPostgres.USER);
      properties.put("spring.datasource.password", LocalPostgres.PASSWORD);
      log.info("PostgreSQL (embedded) on {}", LocalPostgres.JDBC_URL);
    } else {
      log.info("PostgreSQL: using {}", datasourceUrl);
    }

    String[] args = options.passThrough().toArray(String[]::new);
    for (Service service : SERVICES) {
      if (!options.services().contains(service.name())) {
        continue;
      }
      synchronized (this) {
        if (closing) {
          throw new IllegalStateException("stopped while starting");
        }
      }
      long t0 = System.nanoTime();
      ConfigurableApplicationContext context = service.builder().get()
          .main(service.application())
          .profiles(PROFILE)
          .properties(properties)
          .registerShutdownHook(false)
          .run(args);
      int port = context.getEnvironment().getProperty("local.server.port", Integer.class,
          context.getEnvironment().getProperty("server.port", Integer.class, 8080));
      synchronized (this) {
        if (closing) {
          context.close();
          throw new IllegalStateException("stopped while starting");
        }
        running.add(new Running(service.name(), context, port));
      }
      log.info("{} started on port {} in {} ms", service.name(), port, (System.nanoTime() - t0) / 1_000_000);
    }
    awaitHealthy();
    log.info("local stack up in {} ms (data in {})", (System.nanoTime() - started) / 1_000_000, options.dataDir());
  }

  /** Properties every context gets (lowest precedence: their own files and the environment win). */
  private static Map<String, Object> commonProperties() {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("spring.main.banner-mode", "off");
    // each context keeps its meters to itself instead of also adding them to Micrometer's static registry
    properties.put("management.metrics.use-global-registry", "false");
    // the stack's own hook stops everything in order; Boot's logging hook would race it
    properties.put("logging.register-shutdown-hook", "false");
    properties.put("logging.level.kafka", "WARN");
    properties.put("logging.level.org.apache.kafka", "WARN");
    properties.put("logging.level.state.change.logger", "WARN");
    properties.put("logging.level.io.zonky", "WARN");
    return properties;
  }

  /**
   * Sets up Spring Boot's logging before the broker starts, so Kafka's startup is not logged at DEBUG by
   * Logback's unconfigured default, and quiets Kafka's own loggers.
   */
  private static void initialiseLogging() {
    LoggingSystem logging = LoggingSystem.get(LocalStack.class.getClassLoader());
    StandardEnvironment environment = new StandardEnvironment();
    environment.getPropertySources().addLast(new MapPropertySource("localStack",
        Map.of("spring.application.name", "local-stack")));
    logging.beforeInitialize();
    logging.initialize(new LoggingInitializationContext(environment), null, null);
    for (String logger : List.of("kafka", "org.apache.kafka", "state.change.logger", "io.zonky")) {
      logging.setLogLevel(logger, LogLevel.WARN);
    }
  }

  private static void requireFree(List<Integer> ports) {
    List<Integer> busy = new ArrayList<>();
    for (int port : ports) {
      try (ServerSocket socket = new ServerSocket()) {
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress("127.0.0.1", port));
      } catch (IOException e) {
        busy.add(port);
      }
    }
    if (!busy.isEmpty()) {
      throw new IllegalStateException("ports already in use: " + busy + " (is another local stack running?)");
    }
  }

  private void awaitHealthy() throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + HEALTH_TIMEOUT.toNanos();
    for (Running service : List.copyOf(running)) {
      HttpRequest request = HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + service.port() + "/actuator/health")).timeout(Duration.ofSeconds(5)).build();
      String last = "no answer";
      while (true) {
        try {
          HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
          if (response.statusCode() == 200 && response.body().contains("\"status\":\"UP\"")) {
            break;
          }
          last = response.statusCode() + " " + response.body();
        } catch (IOException e) {
          last = e.toString();
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(service.name() + " is not healthy on port " + service.port() + ": " + last);
        }
        Thread.sleep(250);
      }
    }
  }

  int runOrdersScenario(PrintStream out) {
    return new OrdersScenario(port("order-ingestion-service"), port("sandbox"), options.orders(),
        options.scenarioTimeout(), out).run();
  }

  int runBenchScenario(PrintStream out) {
    ConfigurableApplicationContext ingestion = context("order-ingestion-service");
    org.springframework.core.env.Environment environment = ingestion.getEnvironment();
    BenchScenario.Database database = new BenchScenario.Database(
        environment.getRequiredProperty("spring.datasource.url"),
        environment.getProperty("spring.datasource.username"),
        environment.getProperty("spring.datasource.password"));
    int erpRateLimit = environment.getProperty("sync.erp.rate-limit-per-second", Integer.class, 20);
    return new BenchScenario(port("order-ingestion-service"), port("sandbox"), options.bench(), database,
        erpRateLimit, options.dataDir(), out).run();
  }

  private ConfigurableApplicationContext context(String service) {
    synchronized (this) {
      return running.stream().filter(r -> r.name().equals(service)).findFirst()
          .map(Running::context).orElseThrow(() -> new IllegalStateException(service + " is not running"));
    }
  }

  int port(String service) {
    synchronized (this) {
      return running.stream().filter(r -> r.name().equals(service)).findFirst()
          .map(Running::port).orElseThrow(() -> new IllegalStateException(service + " is not running"));
    }
  }

  void awaitClosed() {
    try {
      closed.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Closes the contexts (last started first), then Kafka, then PostgreSQL. Safe to call more than once. */
  @Override
  public void close() {
    synchronized (this) {
      if (closing) {
        return;
      }
      closing = true;
    }
    try {
      List<Running> contexts;
      synchronized (this) {
        contexts = new ArrayList<>(running);
        running.clear();
      }
      for (int i = contexts.size() - 1; i >= 0; i--) {
        Running service = contexts.get(i);
        try {
          service.context().close();
        } catch (RuntimeException e) {
          log.warn("{} did not close cleanly: {}", service.name(), e.toString());
        }
      }
      if (kafka != null) {
        kafka.close();
        kafka = null;
      }
      if (postgres == null && startingPostgres != null) {
        // start failed before PostgreSQL was taken over: wait for it, so it is not left running
        try {
          postgres = startingPostgres.join();
        } catch (RuntimeException e) {
          // it did not start either
        }
      }
      if (postgres != null) {
        postgres.close();
        postgres = null;
      }
      log.info("local stack stopped");
    } finally {
      closed.countDown();
    }
  }
}
