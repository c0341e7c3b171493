package io.retailsync.sync.exceptions;

public enum ExceptionStatus { OPEN, REPLAYED, DISCARDED, RESOLVED }
