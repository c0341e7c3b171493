package io.retailsync.sync.kafka;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Consumer retry settings ({@code sync.consumer}). Transient failures back off exponentially without
 * limit; permanent ones are retried {@code permanent-attempts} times and then dead-lettered.
 */
@ConfigurationProperties("sync.consumer")
public record ConsumerRetryProperties(
    @DefaultValue("500ms") Duration transientInitialBackoff,
    @DefaultValue("30s") Duration transientMaxBackoff,
    @DefaultValue("2") int permanentAttempts,
    @DefaultValue("200ms") Duration permanentBackoff) {}
