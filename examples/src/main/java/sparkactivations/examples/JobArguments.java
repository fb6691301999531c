package sparkactivations.examples;

import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code --name value} options and {@code --flag} switches, each at most once; anything else is a
 * {@link UsageException}.
 */
final class JobArguments {

  private final Map<String, String> values = new LinkedHashMap<>();
  private final Set<String> flags = new HashSet<>();

  private JobArguments() {}

  /**
   * @param withValue option names (without {@code --}) that take a value
   * @param switches option names that take none
   */
  static JobArguments parse(String[] args, String[] withValue, String[] switches) throws UsageException {
    Set<String> valued = new HashSet<>(Arrays.asList(withValue));
    Set<String> bare = new HashSet<>(Arrays.asList(switches));
    JobArguments parsed = new JobArguments();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        throw new UsageException("unexpected argument '" + arg + "'");
      }
      String name = arg.substring(2);
      String inline = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        inline = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      if (parsed.values.containsKey(name) || parsed.flags.contains(name)) {
        throw new UsageException("option --" + name + " is given twice");
      }
      if (bare.contains(name)) {
        if (inline != null) {
          throw new UsageException("option --" + name + " takes no value");
        }
        parsed.flags.add(name);
      } else if (valued.contains(name)) {
        String value = inline;
        if (value == null) {
          if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
            throw new UsageException("option --" + name + " needs a value");
          }
          value = args[++i];
        }
        parsed.values.put(name, value);
      } else {
        throw new UsageException("unknown option " + arg);
      }
    }
    return parsed;
  }

  boolean flag(String name) {
    return flags.contains(name);
  }

  String string(String name, String fallback) {
    String v = values.get(name);
    return v != null ? v : fallback;
  }

  String required(String name) throws UsageException {
    String v = values.get(name);
    if (v == null) {
      throw new UsageException("option --" + name + " is required");
    }
    return v;
  }

  Double number(String name) throws UsageException {
    String v = values.get(name);
    if (v == null) {
      return null;
    }
    try {
      double d = Double.parseDouble(v);
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        throw new NumberFormatException();
      }
      return d;
    } catch (NumberFormatException e) {
      throw new UsageException("option --" + name + " needs a finite number, got '" + v + "'");
    }
  }

  Long integer(String name) throws UsageException {
    String v = values.get(name);
    if (v == null) {
      return null;
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new UsageException("option --" + name + " needs a whole number, got '" + v + "'");
    }
  }

  /** A comma-separated list of positive whole numbers, e.g. {@code 64,32}; empty for none. */
  int[] sizes(String name, int[] fallback) throws UsageException {
    String v = values.get(name);
    if (v == null) {
      return fallback;
    }
    if (v.trim().isEmpty()) {
      return new int[0];
    }
    String[] parts = v.split(",", -1);
    int[] out = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        out[i] = Integer.parseInt(parts[i].trim());
      } catch (NumberFormatException e) {
        out[i] = 0;
      }
      if (out[i] < 1) {
        throw new UsageException("option --" + name + " needs positive whole numbers separated by commas, got '" + v + "'");
      }
    }
    return out;
  }
}
