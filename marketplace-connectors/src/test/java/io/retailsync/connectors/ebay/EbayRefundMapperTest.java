package io.retailsync.connectors.ebay;

import static org.assertj.core.api.Assertions.assertThat;

import io.retailsync.connectors.polling.PolledOrder;
import io.retailsync.model.Refund;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EbayRefundMapperTest {

  private static final String FIXTURE = "line-and-order-refunds";
  private static final String LINE_REFUND = "\"refunds\": [{\"refundId\": \"5200000101\", \"refundDate\": \"2026-11-30T09:15:00.000Z\",\n"
      + "        \"amount\": {\"value\": \"10.80\", \"currency\": \"USD\"}}]";
  private static final String SUMMARY_LINE_REFUND = "{\"refundId\": \"5200000101\", \"refundReferenceId\": \"8AB12345CD678901E\", \"refundDate\": \"2026-11-30T09:15:00.000Z\",\n"
      + "        \"amount\": {\"value\": \"10.80\", \"currency\": \"USD\"}, \"refundStatus\": \"REFUNDED\"}";
  private static final String SUMMARY_GOODWILL = "{\"refundId\": \"5200000102\", \"refundReferenceId\": \"8AB12345CD678902F\", \"refundDate\": \"2026-12-01T11:00:02.000Z\",\n"
      + "        \"amount\": {\"value\": \"5.00\", \"currency\": \"USD\"}, \"refundStatus\": \"REFUNDED\"}";

  @Test
  void aRefundListedOnItsLineAndInThePaymentSummaryIsOneRefundAndOnlyRefundedOnesCount() throws IOException {
    PolledOrder polled = EbayOrderMapper.toPolled(EbayOrderMapperTest.fixture(FIXTURE + ".json"));

    assertThat(polled.refundProblems()).isEmpty();
    assertThat(polled.refunds()).extracting(Refund::refundId).containsExactly("5200000101", "5200000102");
    assertThat(polled.refunds().get(0).lines()).singleElement().satisfies(line -> {
      assertThat(line.lineId()).isEqualTo("10050001234502");
      assertThat(line.sku()).isEqualTo("SKU-0002");
      assertThat(line.quantity()).isZero();
    });
    assertThat(polled.refunds().get(1).lines()).isEmpty();
    assertThat(polled.refunds().get(1).externalReference()).isEqualTo("ebay:12-11240-60001:refund:5200000102");
  }

  @Test
  void theLineAndTheSummaryAreMatchedByRefundReferenceIdWhenTheLineHasNoRefundId() throws IOException {
    PolledOrder polled = edited(LINE_REFUND, LINE_REFUND.replace("\"refundId\": \"5200000101\"",
        "\"refundReferenceId\": \"8AB12345CD678901E\""));

    assertThat(polled.refunds()).extracting(Refund::refundId).containsExactly("5200000101", "5200000102");
    assertThat(polled.refunds().get(0).lines()).hasSize(1);
  }

  @Test
  void aLineRefundIdNotRepeatedInTheSummaryIsTheSummaryRefundOfItsDateAndAmountWithoutARefundId()
      throws IOException {
    PolledOrder polled = edited(SUMMARY_LINE_REFUND, SUMMARY_LINE_REFUND.replace("\"refundId\": \"5200000101\", ", ""));

    assertThat(polled.refundProblems()).isEmpty();
    assertThat(polled.refunds()).extracting(Refund::refundId).containsExactly("5200000101", "5200000102");
    assertThat(polled.refunds().get(0).lines()).hasSize(1);

    PolledOrder otherId = edited(SUMMARY_LINE_REFUND, SUMMARY_LINE_REFUND.replace("5200000101", "5200000199"));
    assertThat(otherId.refunds()).extracting(Refund::refundId).containsExactly("5200000101", "5200000199",
        "5200000102");
  }

  @Test
  void aLineRefundAndASummaryRefundThatMayBeOneOrTwoAreNeverCreditedTwiceOnAGuess() throws IOException {
    // the summary entry has no refundId of its own and another amount than the line (item + shipping, say)
    String summaryApart = SUMMARY_LINE_REFUND.replace("\"refundId\": \"5200000101\", ", "")
        .replace("\"10.80\"", "\"15.79\"");
    PolledOrder apart = edited(SUMMARY_LINE_REFUND, summaryApart);
    assertThat(apart.refunds()).extracting(Refund::refundId).containsExactly("5200000102");
    assertThat(apart.refundProblems()).hasSize(2).allMatch(problem -> problem.contains("cannot be told apart"));

    // while the line refund is not dated yet, neither is credited: the next read pairs them
    String undatedLine = LINE_REFUND.replace("\"refundDate\": \"2026-11-30T09:15:00.000Z\",", "");
    PolledOrder waiting = edited(LINE_REFUND + "|" + SUMMARY_LINE_REFUND, undatedLine + "|"
        + SUMMARY_LINE_REFUND.replace("\"refundId\": \"5200000101\", ", ""));
    assertThat(waiting.refunds()).extracting(Refund::refundId).containsExactly("5200000102");
    assertThat(waiting.refundProblems()).isEmpty();
  }

  @Test
  void lineRefundsWithoutIdsAreTheSummaryRefundOfTheSameDateAndAmount() throws IOException {
    PolledOrder polled = edited(LINE_REFUND, LINE_REFUND.replace("\"refundId\": \"5200000101\", ", ""));

    assertThat(polled.refundProblems()).isEmpty();
    assertThat(polled.refunds()).extracting(Refund::refundId).containsExactly("5200000101", "5200000102");
    assertThat(polled.refunds().get(0).lines()).hasSize(1);
  }

  @Test
  void aLineRefundWithoutIdAndWithoutCounterpartIsLeftOutWithWhy() throws IOException {
    String json = text(FIXTURE).replace(LINE_REFUND, LINE_REFUND.replace("\"refundId\": \"5200000101\", ", ""))
        .replace(SUMMARY_LINE_REFUND + ",", "");
    PolledOrder polled = EbayOrderMapper.toPolled(bytes(json));

    assertThat(polled.isValid()).isTrue();
    assertThat(polled.refunds()).extracting(Refund::refundId).containsExactly("5200000102");
    assertThat(polled.refundProblems()).singleElement().asString()
        .contains("lineItems[1].refunds[0]", "no refundId and no paymentSummary refund");
  }

  @Test
  void aLineRefundAloneCountsOnceIssuedWithItsDateAndWaitsWithout() throws IOException {
    String alone = text(FIXTURE).replace(SUMMARY_LINE_REFUND + ",", "");
    assertThat(EbayOrderMapper.toPolled(bytes(alone)).refunds()).extracting(Refund::refundId)
        .containsExactly("5200000101", "5200000102");

    PolledOrder undated = EbayOrderMapper.toPolled(bytes(alone.replace(LINE_REFUND,
        LINE_REFUND.replace("\"refundDate\": \"2026-11-30T09:15:00.000Z\",", ""))));
    assertThat(undated.refunds()).extracting(Refund::refundId).containsExactly("5200000102");
    assertThat(undated.refundProblems()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"PENDING", "FAILED"})
  void aPendingOrFailedRefundIsNotARefundYet(String status) throws IOException {
    PolledOrder polled = edited(SUMMARY_LINE_REFUND, SUMMARY_LINE_REFUND.replace("REFUNDED", status));

    assertThat(polled.refunds()).extracting(Refund::refundId).containsExactly("5200000102");
    assertThat(polled.refundProblems()).isEmpty();
  }

  @Test
  void aPendingRefundIsLeftOutUntilRefundedAndTheOthersStayAsTheyAre() throws IOException {
    PolledOrder pending = edited(SUMMARY_GOODWILL, SUMMARY_GOODWILL.replace("REFUNDED", "PENDING")
        .replace("\"refundReferenceId\": \"8AB12345CD678902F\", \"refundDate\": \"2026-12-01T11:00:02.000Z\",", ""));
    PolledOrder refunded = EbayOrderMapper.toPolled(EbayOrderMapperTest.fixture(FIXTURE + ".json"));

    assertThat(pending.refunds()).extracting(Refund::refundId).containsExactly("5200000101");
    assertThat(refunded.refunds().get(0)).isEqualTo(pending.refunds().get(0));
    assertThat(refunded.refunds().get(1).createdAt()).isEqualTo(Instant.parse("2026-12-01T11:00:02Z"));
  }

  @Test
  void theSameOrderReadAgainOrWithItsRefundsListedInAnotherOrderGivesEqualRefunds() throws IOException {
    List<Refund> once = EbayOrderMapper.toPolled(EbayOrderMapperTest.fixture(FIXTURE + ".json")).refunds();
    List<Refund> again = EbayOrderMapper.toPolled(EbayOrderMapperTest.fixture(FIXTURE + ".json")).refunds();
    String swapped = text(FIXTURE).replace(SUMMARY_LINE_REFUND + ",", "§").replace(SUMMARY_GOODWILL + ",",
        SUMMARY_LINE_REFUND + ",").replace("§", SUMMARY_GOODWILL + ",");
    assertThat(swapped).isNotEqualTo(text(FIXTURE));
    List<Refund> reordered = EbayOrderMapper.toPolled(bytes(swapped)).refunds();

    assertThat(once).hasSize(2).isEqualTo(again).isEqualTo(reordered);
  }

  @Test
  void oneRefundIdOnTwoLinesIsOneRefundWithBothLines() throws IOException {
    String json = text(FIXTURE).replaceFirst("\"refunds\": \\[\\]", "\"refunds\": [{\"refundId\": \"5200000101\","
        + " \"refundDate\": \"2026-11-30T09:15:00.000Z\", \"amount\": {\"value\": \"20.00\", \"currency\": \"USD\"}}]")
        .replace("\"value\": \"10.80\", \"currency\": \"USD\"}, \"refundStatus\"",
            "\"value\": \"30.80\", \"currency\": \"USD\"}, \"refundStatus\"");
    PolledOrder polled = EbayOrderMapper.toPolled(bytes(json));

    Refund refund = polled.refunds().get(0);
    assertThat(refund.lines()).extracting(Refund.Line::lineId).containsExactly("10050001234501", "10050001234502");
    assertThat(refund.total()).isEqualByComparingTo("30.80");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "\"value\": \"5.00\", \"currency\": \"USD\"}, \"refundStatus\": \"REFUNDED\"|\"value\": \"5,00\", \"currency\": \"USD\"}, \"refundStatus\": \"REFUNDED\"|refund 5200000102: paymentSummary.refunds[1].amount.value is not a decimal amount",
      "\"value\": \"5.00\", \"currency\": \"USD\"}, \"refundStatus\": \"REFUNDED\"|\"value\": \"5.00\", \"currency\": \"EUR\"}, \"refundStatus\": \"REFUNDED\"|refund 5200000102: paymentSummary.refunds[1].amount is in EUR, the order in USD",
      "\"refundId\": \"5200000102\", \"refundReferenceId\": \"8AB12345CD678902F\", |\"refundId\": \" \", |paymentSummary.refunds[1]: it has neither refundId nor refundReferenceId",
      "\"refundDate\": \"2026-12-01T11:00:02.000Z\"|\"refundDate\": \"soon\"|refund 5200000102: paymentSummary.refunds[1].refundDate is not an ISO-8601",
      "\"refundDate\": \"2026-12-01T11:00:02.000Z\",|\"refundDate\": null,|refund 5200000102: paymentSummary.refunds[1].refundDate is missing"})
  void aRefundThatCannotBeMappedIsLeftOutWithWhyAndTheOrderIsStillPosted(String from, String to, String reason)
      throws IOException {
    PolledOrder polled = edited(from, to);

    assertThat(polled.isValid()).isTrue();
    assertThat(polled.order().lines()).hasSize(2);
    assertThat(polled.refunds()).extracting(Refund::refundId).containsExactly("5200000101");
    assertThat(polled.refundProblems()).singleElement().asString()
        .startsWith("eBay order 12-11240-60001 ").contains(reason).endsWith("the refund is left out");
  }

  @Test
  void aStatusOtherThanEbaysThreeIsAProblem() throws IOException {
    PolledOrder polled = edited("\"refundStatus\": \"FAILED\"", "\"refundStatus\": \"GIVEN\"");

    assertThat(polled.refunds()).extracting(Refund::refundId).containsExactly("5200000101", "5200000102");
    assertThat(polled.refundProblems()).singleElement().asString()
        .contains("refund 5200000104: paymentSummary.refunds[3].refundStatus GIVEN is not PENDING, REFUNDED or FAILED");
  }

  @Test
  void aRefundWithAPartThatCannotBeReadIsLeftOutWholeNotInPart() throws IOException {
    PolledOrder polled = edited(LINE_REFUND, "\"refunds\": [{\"refundId\": \"5200000101\", \"amount\": \"10.80\"}]");

    assertThat(polled.isValid()).isTrue();
    assertThat(polled.refunds()).extracting(Refund::refundId).containsExactly("5200000102");
    assertThat(polled.refundProblems()).hasSize(2);
    assertThat(polled.refundProblems().get(0)).contains("lineItems[1].refunds[0]");
    assertThat(polled.refundProblems().get(1)).contains("refund 5200000101: a part of it cannot be read");
  }

  @Test
  void aRefundEntryThatIsNotAnObjectIsAProblemNotACrash() throws IOException {
    PolledOrder polled = edited(LINE_REFUND, "\"refunds\": [42]");

    assertThat(polled.isValid()).isTrue();
    assertThat(polled.refundProblems()).anySatisfy(problem -> assertThat(problem).contains("lineItems[1].refunds[0] is not an object"));
  }

  /** The fixture with {@code from} replaced by {@code to}; several pairs go as {@code a|b} against {@code a'|b'}. */
  private static PolledOrder edited(String from, String to) throws IOException {
    String json = text(FIXTURE);
    String[] froms = from.split("\\|");
    String[] tos = to.split("\\|");
    for (int i = 0; i < froms.length; i++) {
      assertThat(json).contains(froms[i]);
      json = json.replace(froms[i], tos[i]);
    }
    PolledOrder polled = EbayOrderMapper.toPolled(bytes(json));
    assertThat(polled.invalidReason()).isNull();
    return polled;
  }

  private static String text(String name) throws IOException {
    return new String(EbayOrderMapperTest.fixture(name + ".json"), StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }
}
