package io.retailsync.model;

import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Text no system downstream can store: a NUL character anywhere (PostgreSQL text, most ERPs and every
 * marketplace API refuse it, so an order carrying one would fail at every retry), and any control
 * character in an identifier (ids, SKUs, channel, currency), which would never match its counterpart.
 * Walks a canonical record and its nested records and lists.
 */
final class TextRules {

  private static final Set<String> IDENTIFIERS = Set.of("channel", "currency", "sku", "location");

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
