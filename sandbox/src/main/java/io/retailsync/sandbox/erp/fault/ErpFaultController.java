package io.retailsync.sandbox.erp.fault;

import io.retailsync.sandbox.support.SandboxProblem;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/** {@code /sandbox/erp/faults}: what the ERP's filter injects. */
@RestController
@RequestMapping("/sandbox/erp/faults")
class ErpFaultController {

  private final ErpFaults faults;

  ErpFaultController(ErpFaults faults) {
    this.faults = faults;
  }

  /** Replaces all faults: a field left out is switched off. */
  @PutMapping
  FaultSettings put(@RequestBody FaultSettings settings) {
    try {
      return faults.set(settings);
    } catch (IllegalArgumentException e) {
      throw SandboxProblem.unprocessable(e.getMessage());
    }
  }

  @GetMapping
  FaultSettings get() {
    return faults.current().settings();
  }

  @DeleteMapping
  ResponseEntity<Void> clear() {
    faults.clear();
    return ResponseEntity.noContent().build();
  }

  @Configuration(proxyBeanMethods = false)
  static class FilterRegistration {

    @Bean
    FilterRegistrationBean<ErpFaultFilter> erpFaultFilter(ErpFaults faults, JsonMapper mapper) {
      FilterRegistrationBean<ErpFaultFilter> registration =
          new FilterRegistrationBean<>(new ErpFaultFilter(faults, mapper));
      registration.addUrlPatterns("/erp/*");
      return registration;
    }
  }
}
