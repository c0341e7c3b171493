package io.retailsync.localstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The launcher's command line. Its own flags are {@code --data-dir}, {@code --reset}, {@code --scenario},
 * {@code --orders}, {@code --scenario-timeout}, {@code --exit-after-scenario}, {@code --help} and the
 * benchmark's ({@code --rate}, {@code --duration}, {@code --warmup}, {@code --deliveries-per-order},
 * {@code --catch-up-timeout}, {@code --insert-duration}, {@code --senders}); every other argument is handed
 * unchanged to each Spring context (so {@code --spring.datasource.url=...} or
 * {@code --logging.level.io.retailsync=DEBUG} work as with any Boot application).
 */
record LocalStackOptions(
    Path dataDir,
    boolean reset,
    String scenario,
    int orders,
    Duration scenarioTimeout,
    boolean exitAfterScenario,
    boolean help,
    List<String> passThrough,
    Bench bench,
    List<String> services) {

  /** Every context the stack can start, in start order. */
  static final List<String> ALL_SERVICES = List.of("sandbox", "order-ingestion-service", "inventory-sync-service",
      "shipment-service", "settlement-service");

  static final Path DEFAULT_DATA_DIR = Path.of(".local-stack");
  static final int DEFAULT_ORDERS = 100;
  static final String SCENARIO_ORDERS = "orders";
  static final String SCENARIO_BENCH = "bench";

  /**
   * {@code --scenario=bench}: new orders per second (each delivered {@code deliveriesPerOrder} times), the
   * measured window after the warm-up, how long to wait for the ERP afterwards, how long each raw-insert
   * probe of PostgreSQL runs, and how many webhook deliveries may be in flight at once.
   */
  record Bench(int rate, Duration duration, Duration warmup, int deliveriesPerOrder, Duration catchUpTimeout,
      Duration insertDuration, int senders, int polledRate) {

    static final Bench DEFAULTS = new Bench(50, Duration.ofSeconds(60), Duration.ofSeconds(30), 2,
        Duration.ofSeconds(120), Duration.ofSeconds(10), 64, 0);

    /** Shopify webhooks only. */
    Bench(int rate, Duration duration, Duration warmup, int deliveriesPerOrder, Duration catchUpTimeout,
        Duration insertDuration, int senders) {
      this(rate, duration, warmup, deliveriesPerOrder, catchUpTimeout, insertDuration, senders, 0);
    }
  }

  static final String USAGE = """
      usage: java -jar local-stack/target/local-stack-0.1.0-SNAPSHOT-exec.jar [options] [--spring.property=value ...]

        --data-dir=PATH          where the embedded Kafka and PostgreSQL keep their data (default ./.local-stack)
        --reset                  wipe the data directory's Kafka and PostgreSQL data before starting
        --scenario=orders        once ready, send signed Shopify orders/create webhooks and report what reached the ERP
        --orders=N               how many orders the scenario sends (default 100), each delivered twice
        --scenario-timeout=SECS  how long to wait for the orders to reach the ERP (default 60 + N/10)
        --scenario=bench         once ready, send orders at a sustained rate and report throughput, latency
                                 percentiles and PostgreSQL's raw insert rate (see docs/benchmark.md)
        --rate=N                 bench: new orders per second, open loop (default 50)
        --duration=SECS          bench: the measured window (default 60)
        --warmup=SECS            bench: sending at the same rate before the window, not measured (default 30)
        --deliveries-per-order=N bench: webhook deliveries per order, the repeats 5 ms apart (default 2)
        --catch-up-timeout=SECS  bench: how long to wait for the ERP after the last send (default 120)
        --insert-duration=SECS   bench: length of each raw PostgreSQL insert probe, 1 then 8 clients (default 10)
        --senders=N              bench: webhook deliveries in flight at most (default 64)
        --polled-rate=N          bench: also N orders/s created at the Amazon, Walmart and eBay stand-ins in
                                 turn during the measured window, taken in by the pollers (default 0)
        --exit-after-scenario    stop after the scenario; exit code 0 only if exactly one sales order exists
                                 per order sent
        --services=a,b,...       start only these contexts (default all: sandbox, order-ingestion-service,
                                 inventory-sync-service, shipment-service, settlement-service), e.g. for a
                                 benchmark of one service; the scenarios need the sandbox and the ingestion
        --help                   this text

      Kafka: set spring.kafka.bootstrap-servers (or SPRING_KAFKA_BOOTSTRAPSERVERS) to use your own broker;
      otherwise an in-process KRaft broker listens on 127.0.0.1:19092 (controller 127.0.0.1:19093).
      PostgreSQL: set spring.datasource.url (or SPRING_DATASOURCE_URL, with _USERNAME and _PASSWORD) to use
      your own server; otherwise an embedded PostgreSQL listens on 127.0.0.1:15432.
      """;

  static LocalStackOptions parse(String... args) {
    Path dataDir = DEFAULT_DATA_DIR;
    boolean reset = false;
    String scenario = null;
    Integer orders = null;
    Duration timeout = null;
    boolean exitAfterScenario = false;
    boolean help = false;
    List<String> passThrough = new ArrayList<>();
    Bench defaults = Bench.DEFAULTS;
    Integer rate = null;
    Integer duration = null;
    Integer warmup = null;
    Integer deliveries = null;
    Integer catchUp = null;
    Integer insertDuration = null;
    Integer senders = null;
    Integer polledRate = null;
    List<String> services = ALL_SERVICES;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String name = arg;
      String value = null;
      int equals = arg.indexOf('=');
      if (arg.startsWith("--") && equals > 0) {
        name = arg.substring(0, equals);
        value = arg.substring(equals + 1);
      }
      switch (name) {
        case "--data-dir" -> {
          if (value == null) {
            if (i + 1 >= args.length) {
              throw new IllegalArgumentException("--data-dir needs a path");
            }
            value = args[++i];
          }
          dataDir = Path.of(value);
        }
        case "--reset" -> reset = flag(name, value);
        case "--scenario" -> {
          if (!SCENARIO_ORDERS.equals(value) && !SCENARIO_BENCH.equals(value)) {
            throw new IllegalArgumentException("unknown scenario '" + value + "' (known: orders, bench)");
          }
          scenario = value;
        }
        case "--orders" -> orders = positive(name, value);
        case "--scenario-timeout" -> timeout = Duration.ofSeconds(positive(name, value));
        case "--rate" -> rate = positive(name, value);
        case "--duration" -> duration = positive(name, value);
        case "--warmup" -> warmup = nonNegative(name, value);
        case "--deliveries-per-order" -> deliveries = positive(name, value);
        case "--catch-up-timeout" -> catchUp = positive(name, value);
        case "--insert-duration" -> insertDuration = positive(name, value);
        case "--senders" -> senders = positive(name, value);
        case "--polled-rate" -> polledRate = nonNegative(name, value);
        case "--exit-after-scenario" -> exitAfterScenario = flag(name, value);
        case "--services" -> services = services(value);
        case "--help", "-h" -> help = true;
        default -> passThrough.add(arg);
      }
    }
    boolean benchFlags = rate != null || duration != null || warmup != null || deliveries != null
        || catchUp != null || insertDuration != null || senders != null || polledRate != null;
    boolean ordersFlags = orders != null || timeout != null;
    if (scenario == null && benchFlags && ordersFlags) {
      throw new IllegalArgumentException("--orders/--scenario-timeout belong to --scenario=orders, "
          + "--rate/--duration/... to --scenario=bench: give one scenario");
    }
    if (scenario == null && benchFlags) {
      scenario = SCENARIO_BENCH;
    }
    if (scenario == null && orders != null) {
      scenario = SCENARIO_ORDERS;
    }
    if (SCENARIO_BENCH.equals(scenario) && ordersFlags) {
      throw new IllegalArgumentException("--orders and --scenario-timeout are for --scenario=orders; "
          + "the bench sends --rate orders/s for --warmup + --duration seconds");
    }
    if (SCENARIO_ORDERS.equals(scenario) && benchFlags) {
      throw new IllegalArgumentException("--rate, --duration, --warmup, --deliveries-per-order, --catch-up-timeout, "
          + "--insert-duration and --senders are for --scenario=bench");
    }
    if (exitAfterScenario && scenario == null) {
      throw new IllegalArgumentException("--exit-after-scenario needs --scenario=orders or --scenario=bench");
    }
    if (scenario != null && !(services.contains("sandbox") && services.contains("order-ingestion-service"))) {
      throw new IllegalArgumentException("--scenario needs the sandbox and order-ingestion-service in --services");
    }
    int count = orders == null ? DEFAULT_ORDERS : orders;
    if (timeout == null) {
      timeout = Duration.ofSeconds(60 + count / 10);
    }
    Bench bench = new Bench(
        rate == null ? defaults.rate() : rate,
        duration == null ? defaults.duration() : Duration.ofSeconds(duration),
        warmup == null ? defaults.warmup() : Duration.ofSeconds(warmup),
        deliveries == null ? defaults.deliveriesPerOrder() : deliveries,
        catchUp == null ? defaults.catchUpTimeout() : Duration.ofSeconds(catchUp),
        insertDuration == null ? defaults.insertDuration() : Duration.ofSeconds(insertDuration),
        senders == null ? defaults.senders() : senders,
        polledRate == null ? defaults.polledRate() : polledRate);
    return new LocalStackOptions(dataDir.toAbsolutePath().normalize(), reset, scenario, count, timeout,
        exitAfterScenario, help, List.copyOf(passThrough), bench, services);
  }

  private static List<String> services(String value) {
    List<String> named = value == null ? List.of() : java.util.Arrays.stream(value.split(",")).map(String::trim)
        .filter(name -> !name.isEmpty()).distinct().toList();
    if (named.isEmpty() || !ALL_SERVICES.containsAll(named)) {
      throw new IllegalArgumentException("--services takes a comma-separated list of " + ALL_SERVICES + ", got " + value);
    }
    return ALL_SERVICES.stream().filter(named::contains).toList();
  }

  /**
   * A Spring property as the user gave it: on the command line ({@code --name=value}), as a system property,
   * or as an environment variable in Spring's canonical form ({@code SPRING_KAFKA_BOOTSTRAPSERVERS}) or the
   * older one with underscores for dashes ({@code SPRING_KAFKA_BOOTSTRAP_SERVERS}).
   */
  String property(String name) {
    for (String arg : passThrough) {
      if (arg.startsWith("--" + name + "=")) {
        return blankToNull(arg.substring(name.length() + 3));
      }
    }
    String value = blankToNull(System.getProperty(name));
    if (value != null) {
      return value;
    }
    String canonical = name.toUpperCase().replace("-", "").replace('.', '_');
    String underscored = name.toUpperCase().replace('-', '_').replace('.', '_');
    value = blankToNull(System.getenv(canonical));
    return value != null ? value : blankToNull(System.getenv(underscored));
  }

  private static boolean flag(String name, String value) {
    if (value == null || value.equalsIgnoreCase("true")) {
      return true;
    }
    if (value.equalsIgnoreCase("false")) {
      return false;
    }
    throw new IllegalArgumentException(name + " takes no value (or true/false), got '" + value + "'");
  }

  private static int positive(String name, String value) {
    try {
      int number = Integer.parseInt(value);
      if (number > 0) {
        return number;
      }
    } catch (NumberFormatException | NullPointerException e) {
      // reported below
    }
    throw new IllegalArgumentException(name + " needs a positive whole number, got '" + value + "'");
  }

  private static int nonNegative(String name, String value) {
    try {
      int number = Integer.parseInt(value);
      if (number >= 0) {
        return number;
      }
    } catch (NumberFormatException | NullPointerException e) {
      // reported below
    }
    throw new IllegalArgumentException(name + " needs a whole number, 0 or more, got '" + value + "'");
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
