package io.retailsync.connectors.ebay.wire;

/**
 * eBay's {@code Amount}: {@code value} is a decimal string in {@code currency}, the seller's currency; when
 * the buyer paid in another currency, {@code convertedFromValue}/{@code convertedFromCurrency} carry what the
 * buyer saw (not booked).
 */
public record EbayAmount(String value, String currency, String convertedFromValue, String convertedFromCurrency) {}
