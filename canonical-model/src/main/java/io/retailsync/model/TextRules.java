package io.retailsync.model;

import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Values no system downstream can store, so that a record carrying one would fail at every retry: a NUL
 * character anywhere (PostgreSQL text, most ERPs and every marketplace API refuse it), a control character
 * in an identifier (ids, SKUs, channel, currency: it would never match its counterpart), and a timestamp
 * outside the years 1900–9999 (PostgreSQL's timestamps end in 294276, ISO 8601 and most ERPs at 9999).
 * Walks a canonical record and its nested records and lists.
 */
final class TextRules {

  private static final Set<String> IDENTIFIERS = Set.of("channel", "currency", "sku", "location");
  static final java.time.Instant EARLIEST = java.time.Instant.parse("1900-01-01T00:00:00Z");
  static final java.time.Instant LATEST = java.time.Instant.parse("9999-12-31T23:59:59Z");

  private TextRules() {}

  static void check(Object value, String path, List<String> found) {
    if (value == null) {
      return;
    }
    if (value instanceof Record record) {
      for (RecordComponent component : record.getClass().getRecordComponents()) {
        Object child;
        try {
          child = component.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException("cannot read " + component.getName(), e);
        }
        String childPath = path.isEmpty() ? component.getName() : path + "." + component.getName();
        if (child instanceof String text) {
          checkText(component.getName(), childPath, text, found);
        } else if (child instanceof java.time.Instant instant) {
          if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            found.add(childPath + ": must be between the years 1900 and 9999");
          }
        } else {
          check(child, childPath, found);
        }
      }
    } else if (value instanceof Collection<?> items) {
      int index = 0;
      for (Object item : items) {
        check(item, path + "[" + index++ + "]", found);
      }
    }
  }

  private static void checkText(String name, String path, String text, List<String> found) {
    if (text.indexOf('\u0000') >= 0) {
      found.add(path + ": must not contain a NUL character");
    } else if (isIdentifier(name) && text.chars().anyMatch(c -> c < 0x20 || c == 0x7F)) {
      found.add(path + ": must not contain control characters");
    }
  }

  private static boolean isIdentifier(String name) {
    return IDENTIFIERS.contains(name) || name.endsWith("Id") || name.endsWith("Reference");
  }
}
