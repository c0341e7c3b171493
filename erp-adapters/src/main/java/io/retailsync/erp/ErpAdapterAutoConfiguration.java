package io.retailsync.erp;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.retailsync.erp.sandbox.SandboxErpAdapter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The {@link ErpPort} of a service whose {@code sync.erp.base-url} is set: the REST adapter, timed by
 * {@link MeteredErpPort} into the context's own {@link MeterRegistry}. Everything is per context, so
 * several services can run side by side in one JVM (the local stack).
 */
@AutoConfiguration(afterName = {
    "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnProperty(prefix = "sync.erp", name = "base-url")
@EnableConfigurationProperties(ErpProperties.class)
public class ErpAdapterAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean(ErpPort.class)
  ErpPort erpPort(ErpProperties properties, ObjectProvider<MeterRegistry> meterRegistry) {
    // without Micrometer's auto-configuration (plain library use) the timings stay in-process
    MeterRegistry registry = meterRegistry.getIfAvailable(SimpleMeterRegistry::new);
    SandboxErpAdapter adapter = new SandboxErpAdapter(properties);
    adapter.bindTo(registry);
    return new MeteredErpPort(adapter, registry);
  }
}
