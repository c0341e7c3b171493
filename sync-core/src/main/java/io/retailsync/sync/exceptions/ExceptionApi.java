package io.retailsync.sync.exceptions;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** Registers the exception queue's REST controller. */
@Configuration(proxyBeanMethods = false)
@Import(ExceptionController.class)
public class ExceptionApi {}
