package io.retailsync.connectors.amazon.wire;

/** SP-API's {@code Money}: {@code {"CurrencyCode": "USD", "Amount": "11.01"}}; the amount is a decimal string. */
public record AmazonMoney(String currencyCode, String amount) {}
