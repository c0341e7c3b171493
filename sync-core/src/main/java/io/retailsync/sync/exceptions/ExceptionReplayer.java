package io.retailsync.sync.exceptions;

/**
 * Processes an exception's payload again, for entries of one {@code replayKind}. Runs inside the
 * transaction that marks the entry replayed, so a replay that fails leaves the entry open. Throw
 * {@link ReplayRefusedException} when the payload still cannot succeed.
 */
public interface ExceptionReplayer {

  String kind();

  void replay(ExceptionEntry entry);
}
