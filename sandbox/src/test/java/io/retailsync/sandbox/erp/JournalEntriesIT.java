package io.retailsync.sandbox.erp;

import static org.assertj.core.api.Assertions.assertThat;

import io.retailsync.sandbox.SandboxHttp;
import io.retailsync.testsupport.SyncIntegrationTest;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@SyncIntegrationTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {"spring.config.name=sandbox", "sandbox.erp.references=unique"})
class JournalEntriesIT {

  @LocalServerPort
  int port;

  SandboxHttp http;
  /** Accounts of this test run only, so the trial balance can be asserted exactly. */
  String cash;
  String fees;
  String sales;

  @BeforeEach
  void setUp() {
    http = new SandboxHttp(port);
    String run = UUID.randomUUID().toString().substring(0, 8);
    cash = "1200-" + run;
    fees = "6100-" + run;
    sales = "4000-" + run;
  }

  String entry(String reference, String cashDebit, String feeDebit, String salesCredit, String currency) {
    return """
        {"reference": "%s", "postingDate": "2026-11-27", "memo": "settlement",
         "lines": [{"account": "%s", "debit": "%s", "credit": "0.00", "currency": "%s", "memo": "payout"},
                   {"account": "%s", "debit": "%s", "currency": "%s"},
                   {"account": "%s", "credit": "%s", "currency": "%s"}]}
        """.formatted(reference, cash, cashDebit, currency, fees, feeDebit, currency, sales, salesCredit, currency);
  }

  @Test
  void postsABalancedEntryOnce() {
    String reference = "amazon:settlement:" + UUID.randomUUID();
    SandboxHttp.Response created = http.post("/erp/journal-entries", entry(reference, "90.00", "10.00", "100.00", "USD"));
    SandboxHttp.Response repeated = http.post("/erp/journal-entries", entry(reference, "90.00", "10.00", "100.00", "USD"));

    assertThat(created.status()).isEqualTo(201);
    assertThat(repeated.status()).isEqualTo(200);
    JsonNode posted = created.json();
    assertThat(posted.get("documentNumber").stringValue()).matches("JE-\\d{6,}");
    assertThat(repeated.json().get("documentNumber")).isEqualTo(posted.get("documentNumber"));
    assertThat(posted.get("postingDate").stringValue()).isEqualTo("2026-11-27");
    assertThat(posted.get("lines")).hasSize(3);
    assertThat(posted.get("lines").get(1).get("credit").stringValue()).isEqualTo("0.00");
    assertThat(posted.get("lines").get(2).get("credit").stringValue()).isEqualTo("100.00");

    JsonNode found = http.get("/erp/journal-entries?reference=" + reference).json();
    assertThat(found).hasSize(1);
    assertThat(found.get(0).get("reference").stringValue()).isEqualTo(reference);
    assertThat(found.get(0).get("lines").get(0).get("account").stringValue()).isEqualTo(cash);
    assertThat(found.get(0).get("lines").get(0).get("debit").stringValue()).isEqualTo("90.00");
    assertThat(found.get(0).get("lines").get(0).get("memo").stringValue()).isEqualTo("payout");
    assertThat(http.get("/erp/journal-entries?reference=none-" + reference).json()).isEmpty();
    assertThat(http.get("/sandbox/erp/stats").json().get("journalEntries").get(reference).longValue()).isEqualTo(2);
  }

  @Test
  void anUnbalancedEntryIsRejected() {
    String reference = "ebay:settlement:" + UUID.randomUUID();
    SandboxHttp.Response response = http.post("/erp/journal-entries", entry(reference, "90.00", "10.01", "100.00", "USD"));

    assertThat(response.status()).isEqualTo(422);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.json().get("detail").stringValue()).contains("does not balance in USD");
    assertThat(http.get("/erp/journal-entries?reference=" + reference).json()).isEmpty();
  }

  @Test
  void balanceIsPerCurrency() {
    String reference = "walmart:settlement:" + UUID.randomUUID();
    String body = """
        {"reference": "%s", "postingDate": "2026-11-27",
         "lines": [{"account": "%s", "debit": "10.00", "currency": "USD"},
                   {"account": "%s", "credit": "10.00", "currency": "EUR"}]}
        """.formatted(reference, cash, sales);
    SandboxHttp.Response response = http.post("/erp/journal-entries", body);
    assertThat(response.status()).isEqualTo(422);
    assertThat(response.json().get("detail").stringValue()).contains("EUR").contains("USD");
  }

  @Test
  void trialBalanceSumsEveryEntry() {
    http.post("/erp/journal-entries", entry("tb:" + UUID.randomUUID(), "90.00", "10.00", "100.00", "USD"));
    http.post("/erp/journal-entries", entry("tb:" + UUID.randomUUID(), "45.50", "4.50", "50.00", "USD"));
    http.post("/erp/journal-entries", entry("tb:" + UUID.randomUUID(), "1000", "100", "1100", "JPY"));

    JsonNode rows = http.get("/erp/trial-balance").json();
    assertThat(row(rows, cash, "USD").get("debit").stringValue()).isEqualTo("135.50");
    assertThat(row(rows, cash, "USD").get("credit").stringValue()).isEqualTo("0.00");
    assertThat(row(rows, fees, "USD").get("debit").stringValue()).isEqualTo("14.50");
    assertThat(row(rows, sales, "USD").get("credit").stringValue()).isEqualTo("150.00");
    assertThat(row(rows, sales, "JPY").get("credit").stringValue()).isEqualTo("1100");
    assertThat(row(rows, cash, "JPY").get("debit").stringValue()).isEqualTo("1000");
  }

  @Test
  void aBatchRejectsOnlyTheUnbalancedEntry() {
    String good = "batch:" + UUID.randomUUID();
    String bad = "batch:" + UUID.randomUUID();
    String batch = "{\"documents\": [" + entry(good, "1.00", "1.00", "2.00", "USD") + ","
        + entry(bad, "1.00", "1.00", "3.00", "USD") + "]}";
    JsonNode results = http.post("/erp/journal-entries/batch", batch).json().get("results");
    assertThat(results.get(0).get("outcome").stringValue()).isEqualTo("CREATED");
    assertThat(results.get(0).get("externalReference").stringValue()).isEqualTo(good);
    assertThat(results.get(1).get("outcome").stringValue()).isEqualTo("REJECTED");
    assertThat(results.get(1).get("error").stringValue()).contains("does not balance");
  }

  private static JsonNode row(JsonNode rows, String account, String currency) {
    for (JsonNode row : rows) {
      if (row.get("account").stringValue().equals(account) && row.get("currency").stringValue().equals(currency)) {
        return row;
      }
    }
    throw new AssertionError("no trial balance row for " + account + " " + currency + " in " + rows);
  }
}
