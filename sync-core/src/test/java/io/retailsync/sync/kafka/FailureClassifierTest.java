package io.retailsync.sync.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.retailsync.model.failure.PermanentSyncException;
import io.retailsync.model.failure.TransientSyncException;
import io.retailsync.model.json.InvalidPayloadException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;

class FailureClassifierTest {

  @Test
  void waitingCuresTimeoutsUnavailableDependenciesAndTheDatabaseAway() {
    assertThat(FailureClassifier.isTransient(new TransientSyncException("ERP 503"))).isTrue();
    assertThat(FailureClassifier.isTransient(new CannotGetJdbcConnectionException("db away"))).isTrue();
    assertThat(FailureClassifier.isTransient(new RuntimeException(new SocketTimeoutException("slow")))).isTrue();
    assertThat(FailureClassifier.isTransient(
        new ListenerExecutionFailedException("wrapped", new TransientSyncException("429")))).isTrue();
  }

  @Test
  void aLostDatabaseConnectionIsTransientHoweverSpringReportsIt() {
    java.sql.SQLException ioError = new java.sql.SQLException("An I/O error occurred while sending to the backend", "08006");
    assertThat(FailureClassifier.isTransient(
        new org.springframework.transaction.TransactionSystemException("JDBC rollback failed", ioError))).isTrue();
    assertThat(FailureClassifier.isTransient(new java.sql.SQLTransientConnectionException("pool timeout"))).isTrue();
    var rollbackFailed = new org.springframework.transaction.TransactionSystemException("JDBC rollback failed",
        new java.sql.SQLException("Connection is closed"));
    rollbackFailed.initApplicationException(new org.springframework.dao.DataAccessResourceFailureException("I/O error", ioError));
    assertThat(FailureClassifier.isTransient(rollbackFailed)).isTrue();
    assertThat(FailureClassifier.isTransient(new java.sql.SQLException("syntax error", "42601"))).isFalse();
  }

  @Test
  void payloadAndBusinessFailuresArePermanentEvenWhenTheyWrapATimeout() {
    assertThat(FailureClassifier.isTransient(new InvalidPayloadException("bad json"))).isFalse();
    assertThat(FailureClassifier.isTransient(new IllegalStateException("bug"))).isFalse();
    assertThat(FailureClassifier.isTransient(
        new PermanentSyncException("ERP_REJECTED", "no", new SocketTimeoutException()))).isFalse();
  }

  @Test
  void namesTheExceptionTypeAndTheMostSpecificReason() {
    Exception failure = new ListenerExecutionFailedException("listener failed", new InvalidPayloadException("missing orderId"));
    assertThat(FailureClassifier.exceptionType(failure)).isEqualTo("INVALID_PAYLOAD");
    assertThat(FailureClassifier.reason(failure)).isEqualTo("missing orderId");
    assertThat(FailureClassifier.exceptionType(new IllegalStateException("x"))).isEqualTo("PROCESSING_FAILED");
    assertThat(FailureClassifier.reason(new RuntimeException(new IllegalArgumentException("deep"))))
        .isEqualTo("IllegalArgumentException: deep");
  }
}
