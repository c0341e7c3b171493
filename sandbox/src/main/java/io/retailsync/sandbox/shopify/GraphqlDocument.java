package io.retailsync.sandbox.shopify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Just enough of the GraphQL language (the October 2021 spec) for the Admin API stand-in: one operation
 * ({@code query}, {@code mutation} or the shorthand), its variable definitions, fields with aliases, arguments,
 * directives and selection sets, and every value kind. Fragments are refused. A syntax error is a
 * {@link IllegalArgumentException} whose message the API answers as Shopify does.
 */
final class GraphqlDocument {

  /** A {@code $name} in a value. */
  record Variable(String name) {}

  /** An enum value (a bare name that is not true, false or null). */
  record EnumValue(String name) {}

  /** One selected field. */
  record Field(String alias, String name, Map<String, Object> arguments, Map<String, Map<String, Object>> directives,
      List<Field> selections) {

    String responseKey() {
      return alias != null ? alias : name;
    }
  }

  /** The operation: its type, the variables it declares, its root fields. */
  record Operation(String type, String name, List<String> variables, List<Field> fields) {}

  private final String text;
  private int position;

  private GraphqlDocument(String text) {
    this.text = text;
  }

  static Operation parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("No query string was present");
    }
    GraphqlDocument parser = new GraphqlDocument(text);
    Operation operation = parser.operation();
    parser.skipIgnored();
    if (parser.position < text.length()) {
      throw parser.error("Expected end of document");
    }
    return operation;
  }

  private Operation operation() {
    skipIgnored();
    String type = "query";
    String name = null;
    List<String> variables = new ArrayList<>();
    if (peek() != '{') {
      type = name();
      if (type.equals("fragment")) {
        throw error("Fragments are not supported by the sandbox");
      }
      if (!type.equals("query") && !type.equals("mutation") && !type.equals("subscription")) {
        throw error("Unexpected " + type);
      }
      skipIgnored();
      if (isNameStart(peek())) {
        name = name();
      }
      skipIgnored();
      if (peek() == '(') {
        expect('(');
        while (!consume(')')) {
          expect('$');
          variables.add(name());
          expect(':');
          type();
          if (consume('=')) {
            value(true);
          }
        }
      }
      directives(true);
    }
    return new Operation(type, name, variables, selectionSet());
  }

  private void type() {
    skipIgnored();
    if (consume('[')) {
      type();
      expect(']');
    } else {
      name();
    }
    consume('!');
  }

  private List<Field> selectionSet() {
    expect('{');
    List<Field> fields = new ArrayList<>();
    while (!consume('}')) {
      skipIgnored();
      if (text.startsWith("...", position)) {
        throw error("Fragments are not supported by the sandbox");
      }
      String first = name();
      String alias = null;
      String name = first;
      if (consume(':')) {
        alias = first;
        name = name();
      }
      Map<String, Object> arguments = new LinkedHashMap<>();
      skipIgnored();
      if (peek() == '(') {
        arguments = arguments(false);
      }
      Map<String, Map<String, Object>> directives = directives(false);
      skipIgnored();
      List<Field> selections = peek() == '{' ? selectionSet() : List.of();
      fields.add(new Field(alias, name, arguments, directives, selections));
    }
    if (fields.isEmpty()) {
      throw error("A selection set must not be empty");
    }
    return fields;
  }

  private Map<String, Object> arguments(boolean constant) {
    Map<String, Object> arguments = new LinkedHashMap<>();
    expect('(');
    while (!consume(')')) {
      String name = name();
      expect(':');
      arguments.put(name, value(constant));
    }
    return arguments;
  }

  private Map<String, Map<String, Object>> directives(boolean constant) {
    Map<String, Map<String, Object>> directives = new LinkedHashMap<>();
    skipIgnored();
    while (consume('@')) {
      String name = name();
      skipIgnored();
      directives.put(name, peek() == '(' ? arguments(constant) : Map.of());
      skipIgnored();
    }
    return directives;
  }

  private Object value(boolean constant) {
    skipIgnored();
    char c = peek();
    if (c == '$') {
      if (constant) {
        throw error("Variables are not allowed here");
      }
      position++;
      return new Variable(name());
    }
    if (c == '"') {
      return string();
    }
    if (c == '[') {
      position++;
      List<Object> list = new ArrayList<>();
      while (!consume(']')) {
        list.add(value(constant));
      }
      return list;
    }
    if (c == '{') {
      position++;
      Map<String, Object> object = new LinkedHashMap<>();
      while (!consume('}')) {
        String name = name();
        expect(':');
        object.put(name, value(constant));
      }
      return object;
    }
    if (c == '-' || Character.isDigit(c)) {
      int start = position;
      position++;
      while (position < text.length() && (Character.isDigit(text.charAt(position))
          || "+-.eE".indexOf(text.charAt(position)) >= 0)) {
        position++;
      }
      String number = text.substring(start, position);
      try {
        return number.contains(".") || number.contains("e") || number.contains("E") ? (Object) Double.valueOf(number)
            : (Object) Long.valueOf(number);
      } catch (NumberFormatException e) {
        throw error("Invalid number " + number);
      }
    }
    String name = name();
    switch (name) {
      case "true":
        return Boolean.TRUE;
      case "false":
        return Boolean.FALSE;
      case "null":
        return null;
      default:
        return new EnumValue(name);
    }
  }

  private String string() {
    if (text.startsWith("\"\"\"", position)) {
      int end = text.indexOf("\"\"\"", position + 3);
      if (end < 0) {
        throw error("Unterminated string");
      }
      String block = text.substring(position + 3, end);
      position = end + 3;
      return block;
    }
    position++;
    StringBuilder out = new StringBuilder();
    while (true) {
      if (position >= text.length()) {
        throw error("Unterminated string");
      }
      char c = text.charAt(position++);
      if (c == '"') {
        return out.toString();
      }
      if (c == '\\') {
        char escaped = position < text.length() ? text.charAt(position++) : ' ';
        switch (escaped) {
          case 'n' -> out.append('\n');
          case 't' -> out.append('\t');
          case 'r' -> out.append('\r');
          case 'b' -> out.append('\b');
          case 'f' -> out.append('\f');
          case 'u' -> {
            if (position + 4 > text.length()) {
              throw error("Bad unicode escape");
            }
            out.append((char) Integer.parseInt(text.substring(position, position + 4), 16));
            position += 4;
          }
          default -> out.append(escaped);
        }
      } else if (c == '\n') {
        throw error("Unterminated string");
      } else {
        out.append(c);
      }
    }
  }

  private String name() {
    skipIgnored();
    int start = position;
    if (position >= text.length() || !isNameStart(text.charAt(position))) {
      throw error("Expected a name");
    }
    while (position < text.length() && (isNameStart(text.charAt(position)) || Character.isDigit(text.charAt(position)))) {
      position++;
    }
    return text.substring(start, position);
  }

  private static boolean isNameStart(char c) {
    return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  }

  private void expect(char c) {
    if (!consume(c)) {
      throw error("Expected '" + c + "'");
    }
  }

  private boolean consume(char c) {
    skipIgnored();
    if (position < text.length() && text.charAt(position) == c) {
      position++;
      return true;
    }
    if (position >= text.length() && c != 0) {
      throw error("Unexpected end of document");
    }
    return false;
  }

  private char peek() {
    skipIgnored();
    return position < text.length() ? text.charAt(position) : 0;
  }

  /** White space, commas and comments are insignificant in GraphQL. */
  private void skipIgnored() {
    while (position < text.length()) {
      char c = text.charAt(position);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == '\uFEFF') {
        position++;
      } else if (c == '#') {
        while (position < text.length() && text.charAt(position) != '\n') {
          position++;
        }
      } else {
        return;
      }
    }
  }

  private IllegalArgumentException error(String message) {
    int line = 1;
    int column = 1;
    for (int i = 0; i < Math.min(position, text.length()); i++) {
      if (text.charAt(i) == '\n') {
        line++;
        column = 1;
      } else {
        column++;
      }
    }
    return new IllegalArgumentException("syntax error, " + message + " at [" + line + ", " + column + "]");
  }
}
