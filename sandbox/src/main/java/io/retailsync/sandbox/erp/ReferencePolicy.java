package io.retailsync.sandbox.erp;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * How the sandbox ERP treats a post whose reference it already holds ({@code sandbox.erp.references}, or
 * {@code PUT /sandbox/erp/references} at run time).
 *
 * <ul>
 *   <li>{@code duplicates} (the default): like Odoo's {@code client_order_ref}, the reference is stored
 *       but not unique, so a second post creates a second document. Whatever exactly-once the suite shows
 *       against it is the middleware's own doing.</li>
 *   <li>{@code unique}: like an ERP external id, a known reference answers with the stored document
 *       (content not compared); concurrent posts of one reference are serialised by an advisory lock.</li>
 * </ul>
 */
@Component
class ReferencePolicy {

  enum Mode { DUPLICATES, UNIQUE }

  private final AtomicReference<Mode> mode;
  private final JdbcClient jdbc;
  private final TransactionTemplate transaction;

  ReferencePolicy(@Value("${sandbox.erp.references:duplicates}") String mode, JdbcClient jdbc,
      PlatformTransactionManager transactionManager) {
    this.mode = new AtomicReference<>(parse(mode));
    this.jdbc = jdbc;
    this.transaction = new TransactionTemplate(transactionManager);
  }

  static Mode parse(String text) {
    try {
      return Mode.valueOf(text.trim().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException("sandbox.erp.references must be 'duplicates' or 'unique', not " + text);
    }
  }

  Mode mode() {
    return mode.get();
  }

  void set(Mode value) {
    mode.set(value);
  }

  /**
   * Posts one document of {@code kind}: {@code checked} validates the request (throwing
   * {@link DocumentRejected}), {@code insert} stores it and reads it back. In {@code unique} mode a
   * document already held under {@code reference} is answered instead, before or after validation.
   * {@code countPost} counts the post in the ERP's stats in the same transaction as its outcome: a post the
   * ERP never finished (it died mid-request) is not counted, a stored, existing or refused one is.
   */
  <N, D> Posted<D> post(String kind, String reference, Supplier<Optional<D>> existing, Supplier<N> checked,
      Function<N, D> insert, Function<D, String> documentNumber, Runnable countPost) {
    Mode current = mode.get();
    if (current == Mode.UNIQUE && reference != null) {
      Optional<D> held = existing.get();
      if (held.isPresent()) {
        countPost.run();
        return new Posted<>(held.get(), documentNumber.apply(held.get()), false);
      }
    }
    N document;
    try {
      document = checked.get();
    } catch (DocumentRejected refused) {
      countPost.run();
      throw refused;
    }
    try {
      return store(kind, reference, existing, insert, documentNumber, countPost, current, document);
    } catch (org.springframework.dao.DataIntegrityViolationException unstorable) {
      countPost.run(); // refused, like a validation error: the count went with the rolled-back insert
      throw unstorable;
    }
  }

  private <N, D> Posted<D> store(String kind, String reference, Supplier<Optional<D>> existing,
      Function<N, D> insert, Function<D, String> documentNumber, Runnable countPost, Mode current, N document) {
    return transaction.execute(status -> {
      countPost.run();
      if (current == Mode.UNIQUE) {
        jdbc.sql("select pg_advisory_xact_lock(hashtext(:key))").param("key", kind + ":" + reference)
            .query(rs -> { });
        Optional<D> held = existing.get();
        if (held.isPresent()) {
          return new Posted<>(held.get(), documentNumber.apply(held.get()), false);
        }
      }
      D stored = insert.apply(document);
      return new Posted<>(stored, documentNumber.apply(stored), true);
    });
  }
}
