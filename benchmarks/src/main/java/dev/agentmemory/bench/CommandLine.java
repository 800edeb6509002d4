package dev.agentmemory.bench;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A benchmark's command line: {@code --name value} pairs, each with a default. Unknown names,
 * missing values and malformed numbers stop the benchmark with a message naming them. Immutable.
 */
final class CommandLine {

    private final String command;
    private final String[][] options;
    private final Map<String, String> defaults = new LinkedHashMap<>();

    /** @param options every option as {name, default, what it sets}, in the order {@code --help} shows them */
    CommandLine(String command, String[][] options) {
        this.command = command;
        this.options = options;
        for (String[] option : options) {
            defaults.put(option[0], option[1]);
        }
    }

    Values parse(String[] args) {
        Map<String, String> v = new LinkedHashMap<>(defaults);
        for (int i = 0; i < args.length; i++) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : null;
            if (name == null || !v.containsKey(name) || i + 1 >= args.length) {
                throw new IllegalArgumentException("unknown or incomplete option '" + args[i] + "'\n" + usage());
            }
            v.put(name, args[++i]);
        }
        return new Values(Map.copyOf(v), Map.copyOf(defaults));
    }

    String usage() {
        int width =
                2 + defaults.keySet().stream().mapToInt(String::length).max().orElse(10);
        StringBuilder s = new StringBuilder("usage: bin/memory-stack bench " + command + " [options]\n");
        for (String[] o : options) {
            s.append(String.format(
                    "  %-" + width + "s %-24s %s%n", "--" + o[0], o[1].isEmpty() ? "(none)" : o[1], o[2]));
        }
        return s.toString();
    }

    /** The parsed values, read by name. */
    record Values(Map<String, String> given, Map<String, String> defaults) {

        String text(String name) {
            return given.get(name);
        }

        int integer(String name) {
            try {
                return Integer.parseInt(given.get(name));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "--" + name + " must be a whole number, not '" + given.get(name) + "'");
            }
        }

        int positive(String name) {
            int n = integer(name);
            if (n < 1) {
                throw new IllegalArgumentException("--" + name + " must be at least 1");
            }
            return n;
        }

        boolean flag(String name) {
            if (!given.get(name).matches("true|false")) {
                throw new IllegalArgumentException("--" + name + " is true or false");
            }
            return Boolean.parseBoolean(given.get(name));
        }

        URI uri(String name) {
            return URI.create(given.get(name));
        }

        Path path(String name) {
            return Path.of(given.get(name));
        }

        /** The options that differ from their defaults, as arguments (for the reproduce line). */
        List<String> changedArgs() {
            List<String> out = new ArrayList<>();
            defaults.forEach((k, d) -> {
                if (!given.get(k).equals(d) && !k.equals("stack-dir")) { // bin/memory-stack bench sets it
                    out.add("--" + k);
                    out.add(given.get(k));
                }
            });
            return out;
        }
    }
}
