package dev.latentj.cli;

import dev.latentj.params.Param;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Ties the numeric options to {@link Param}: an option spelled like a parameter ({@code --top-p}, top-p) is
 * checked against that range before the command runs, so an option has one range in every command, and its
 * {@code --help} line states the range, so the help cannot drift from the check.
 */
final class OptionRanges {
    private OptionRanges() {}

    static Optional<Param> of(OptionSpec o) {
        if (!numeric(o)) return Optional.empty(); // a flag or words of the same name (probe --latents, speed --steps)
        return Param.byName(o.longestName().replaceFirst("^--", ""));
    }

    private static boolean numeric(OptionSpec o) {
        Class<?> t = o.typeInfo().isMultiValue() ? o.auxiliaryTypes()[0] : o.type();
        return Number.class.isAssignableFrom(t) || (t.isPrimitive() && t != boolean.class && t != char.class);
    }

    /** Appends "; range: RANGE" to the help of every ranged option of {@code cl} and of its subcommands. */
    static void document(CommandLine cl) {
        CommandSpec spec = cl.getCommandSpec();
        for (OptionSpec o : List.copyOf(spec.options())) {
            Optional<Param> p = of(o);
            if (p.isEmpty() || o.group() != null) continue;
            String[] d = o.description().length == 0 ? new String[] {""} : o.description().clone();
            String note = p.get().note() != null ? "; " + p.get().note() : "";
            d[d.length - 1] = (d[d.length - 1] + "; range: " + p.get().range() + note).replaceFirst("^; ", "");
            spec.remove(o);
            spec.addOption(o.toBuilder().description(d).build());
        }
        cl.getSubcommands().values().forEach(OptionRanges::document);
    }

    /** Every ranged option given on the command line, checked; a value out of range is a usage error. */
    static void check(ParseResult parsed) {
        for (ParseResult r = parsed; r != null; r = r.subcommand()) {
            for (OptionSpec o : r.matchedOptions()) {
                Optional<Param> p = of(o);
                if (p.isEmpty()) continue;
                for (Object v : values(o.getValue())) {
                    if (!(v instanceof Number n)) continue;
                    try {
                        p.get().check(n.doubleValue(), o.longestName());
                    } catch (IllegalArgumentException e) {
                        throw new ParameterException(r.commandSpec().commandLine(), e.getMessage(), e, o, String.valueOf(v));
                    }
                }
            }
        }
    }

    private static Collection<?> values(Object v) {
        if (v instanceof Collection<?> c) return c;
        if (v instanceof Object[] a) return Arrays.asList(a);
        return v == null ? List.of() : List.of(v);
    }
}
