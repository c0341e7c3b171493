package io.retailsync.model;

import jakarta.validation.constraints.Size;

/**
 * Where an order ships to: only what fulfillment routing and tax need. Names, street lines and phone
 * numbers stay with the marketplace and the ERP; the middleware does not carry them.
 */
public record Address(
    @Size(max = 100) String city,
    @Size(max = 20) String region,
    @Size(max = 20) String postalCode,
    @Size(min = 2, max = 2) String countryCode) {}
