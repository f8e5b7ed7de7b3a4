package rnn.sweep;

import java.util.List;
import java.util.Locale;

import rnn.random.Rng;

/**
 * Where a random search draws one option's values from, written {@code log-uniform(LO,HI)} (0 &lt; LO &lt; HI:
 * exp of a uniform draw between ln LO and ln HI, so each decade is as likely), {@code uniform(LO,HI)} (LO &lt; HI),
 * {@code int(LO,HI)} (a whole number from LO to HI, both included) or {@code choice(V1,V2,...)} (one of the values,
 * each as likely). {@link #parse} checks the text; {@link #draw} takes one value as the option's text.
 */
public sealed interface Distribution {

    /** One value, drawn from {@code rng}, as the option's text. */
    String draw(Rng rng);

    /** The distribution as written ({@code log-uniform(0.0001,0.01)}), for sweep.json. */
    String text();

    /** exp(U(ln lo, ln hi)). */
    record LogUniform(double lo, double hi) implements Distribution {
        @Override
        public String draw(Rng rng) {
            return Double.toString(Math.min(hi, Math.max(lo, Math.exp(rng.uniform(Math.log(lo), Math.log(hi))))));
        }

        @Override
        public String text() {
            return "log-uniform(" + lo + "," + hi + ")";
        }
    }

    /** U(lo, hi). */
    record Uniform(double lo, double hi) implements Distribution {
        @Override
        public String draw(Rng rng) {
            return Double.toString(rng.uniform(lo, hi));
        }

        @Override
        public String text() {
            return "uniform(" + lo + "," + hi + ")";
        }
    }

    /** A whole number in [lo, hi]. */
    record IntRange(int lo, int hi) implements Distribution {
        @Override
        public String draw(Rng rng) {
            return Long.toString(lo + (long) rng.nextInt(hi - lo + 1));
        }

        @Override
        public String text() {
            return "int(" + lo + "," + hi + ")";
        }
    }

    /** One of the values. */
    record Choices(List<String> values) implements Distribution {
        @Override
        public String draw(Rng rng) {
            return values.get(rng.nextInt(values.size()));
        }

        @Override
        public String text() {
            return "choice(" + String.join(",", values) + ")";
        }
    }

    /**
     * Parses one distribution.
     *
     * @param where the message's prefix naming the field ({@code {{space}} lr})
     * @throws SweepException exit code 2: "{{space}} lr: expected log-uniform(LO,HI), ..., got "x""
     */
    static Distribution parse(String where, String text) {
        String t = text.strip();
        int open = t.indexOf('(');
        if (open < 0 || !t.endsWith(")")) {
            throw unknown(where, t);
        }
        String name = t.substring(0, open).strip().toLowerCase(Locale.ROOT);
        String inner = t.substring(open + 1, t.length() - 1);
        List<String> args = java.util.Arrays.stream(inner.split(",", -1)).map(String::strip).toList();
        switch (name) {
            case "log-uniform", "loguniform" -> {
                double[] r = range(where, name, args);
                if (!(r[0] > 0)) {
                    throw SweepException.usage(where + ": log-uniform needs 0 < LO < HI, got LO " + args.get(0)
                            + "; give a positive LO");
                }
                return new LogUniform(r[0], r[1]);
            }
            case "uniform" -> {
                double[] r = range(where, name, args);
                return new Uniform(r[0], r[1]);
            }
            case "int" -> {
                if (args.size() != 2) {
                    throw arity(where, name, args.size());
                }
                int lo = whole(where, args.get(0));
                int hi = whole(where, args.get(1));
                if (lo > hi || (long) hi - lo >= Integer.MAX_VALUE) {
                    throw SweepException.usage(where + ": int(LO,HI) needs LO <= HI (less than 2^31 apart), got int("
                            + lo + "," + hi + ")");
                }
                return new IntRange(lo, hi);
            }
            case "choice" -> {
                return new Choices(SearchText.values(where, inner));
            }
            default -> throw unknown(where, t);
        }
    }

    private static double[] range(String where, String name, List<String> args) {
        if (args.size() != 2) {
            throw arity(where, name, args.size());
        }
        double lo = number(where, args.get(0));
        double hi = number(where, args.get(1));
        if (!(lo < hi)) {
            throw SweepException.usage(where + ": " + name + "(LO,HI) needs LO < HI, got " + name + "("
                    + args.get(0) + "," + args.get(1) + ")");
        }
        return new double[] {lo, hi};
    }

    private static double number(String where, String s) {
        try {
            double v = Double.parseDouble(s);
            if (Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw SweepException.usage(where + ": expected a finite number, got \"" + SearchText.cut(s) + "\"");
    }

    private static int whole(String where, String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw SweepException.usage(where + ": expected a whole number, got \"" + SearchText.cut(s) + "\"");
        }
    }

    private static SweepException arity(String where, String name, int got) {
        return SweepException.usage(where + ": " + name + " takes two numbers (LO,HI), got " + got);
    }

    private static SweepException unknown(String where, String t) {
        return SweepException.usage(where + ": expected log-uniform(LO,HI), uniform(LO,HI), int(LO,HI) or "
                + "choice(V1,V2,...), got \"" + SearchText.cut(t) + "\"");
    }
}
