package io.retailsync.sync.lineage;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** Registers the lineage REST controller (order-ingestion service only). */
@Configuration(proxyBeanMethods = false)
@Import(LineageController.class)
public class LineageApi {}
