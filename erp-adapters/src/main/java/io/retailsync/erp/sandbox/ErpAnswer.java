package io.retailsync.erp.sandbox;

/** An answer the ERP gave: a success, or a refusal of the request itself (a 4xx other than 429). */
record ErpAnswer(int status, byte[] body) {

  boolean successful() {
    return status >= 200 && status < 300;
  }
}
