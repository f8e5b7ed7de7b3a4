package rnn.cli;

import java.util.Arrays;

import picocli.CommandLine;
import picocli.CommandLine.TypeConversionException;

/**
 * Converters of typed option values whose failures read "expected X, got Y" (picocli's parameter-exception
 * handler puts the flag in front: {@code --epochs: expected a whole number, got "ten"}). The number converters
 * apply by type ({@link #register}); the others are named in the option's annotation.
 */
final class Converters {

    private Converters() {
    }

    /** Registers the number converters for every {@code int}, {@code long} and {@code double} option of {@code cl}. */
    static CommandLine register(CommandLine cl) {
        return cl.registerConverter(Integer.class, new Whole()).registerConverter(int.class, new Whole())
                .registerConverter(Long.class, new WholeLong()).registerConverter(long.class, new WholeLong())
                .registerConverter(Double.class, new Real()).registerConverter(double.class, new Real());
    }

    /** {@code H} or {@code 1..H}: {@code --horizon} ({@link rnn.data.Horizon#parse}). */
    static final class HorizonText implements CommandLine.ITypeConverter<rnn.data.Horizon> {
        @Override
        public rnn.data.Horizon convert(String v) {
            try {
                return rnn.data.Horizon.parse(v);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** A target transform ({@code --transform log,diff}). */
    static final class Transforms implements CommandLine.ITypeConverter<rnn.data.TargetTransforms> {
        @Override
        public rnn.data.TargetTransforms convert(String v) {
            try {
                return rnn.data.TargetTransforms.parseValue(v);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** A whole number ({@code int}). */
    static final class Whole implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String v) {
            long l = new WholeLong().convert(v);
            if (l != (int) l) {
                throw new TypeConversionException("expected a whole number, got \"" + v + "\"");
            }
            return (int) l;
        }
    }

    /** A whole number ({@code long}). */
    static final class WholeLong implements CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String v) {
            try {
                return Long.parseLong(v.strip());
            } catch (NumberFormatException e) {
                throw new TypeConversionException("expected a whole number, got \"" + v + "\"");
            }
        }
    }

    /** A finite number ({@code double}). */
    static final class Real implements CommandLine.ITypeConverter<Double> {
        @Override
        public Double convert(String v) {
            try {
                double d = Double.parseDouble(v.strip());
                if (Double.isFinite(d)) {
                    return d;
                }
            } catch (NumberFormatException e) {
                // below
            }
            throw new TypeConversionException("expected a number, got \"" + v + "\"");
        }
    }

    /**
     * Layer sizes, bottom first. (An {@code int[]} field would make picocli take several values; this holder keeps
     * {@code --hidden 128,64} one value.)
     */
    record Sizes(int[] sizes) {
    }

    /** Positive sizes separated by commas: {@code --hidden 128,64}. */
    static final class SizeList implements CommandLine.ITypeConverter<Sizes> {
        @Override
        public Sizes convert(String v) {
            try {
                int[] s = Arrays.stream(v.split(",", -1)).map(String::strip).mapToInt(Integer::parseInt).toArray();
                if (Arrays.stream(s).allMatch(x -> x >= 1)) {
                    return new Sizes(s);
                }
            } catch (NumberFormatException e) {
                // below
            }
            throw new TypeConversionException("expected positive integers separated by commas, got \"" + v + "\"");
        }
    }

    /** One character, or {@code \t} / {@code tab} for a tab. */
    static final class Delimiter implements CommandLine.ITypeConverter<Character> {
        @Override
        public Character convert(String v) {
            if (v.equals("\\t") || v.equals("tab")) {
                return '\t';
            }
            if (v.length() != 1 || v.charAt(0) == '"' || v.charAt(0) == '\n' || v.charAt(0) == '\r') {
                throw new TypeConversionException("expected one character other than a quote (or \\t for a tab), "
                        + "got \"" + v + "\"");
            }
            return v.charAt(0);
        }
    }

    /** The text of a delimiter as typed: {@code \t} for a tab. */
    static String delimiterText(char c) {
        return c == '\t' ? "\\t" : String.valueOf(c);
    }
}
