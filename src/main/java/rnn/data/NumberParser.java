package rnn.data;

/**
 * Locale-independent parsing of CSV numbers: {@code [+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?},
 * ASCII digits only, surrounding spaces and tabs allowed, '.' as the decimal point. No grouping separators,
 * no comma decimals ("1,5" is not a number), no hexadecimal or type suffixes (Java's "1f", "0x1p3").
 * "NaN", "Inf", "Infinity" (any case, signed) are recognised as numbers that are not finite. Values are stored
 * as 32-bit floats, so a magnitude above {@value #LIMIT} counts as out of range (not finite) too.
 *
 * <p>The common case (at most 15 significant digits, decimal exponent within ±22) is computed exactly as one
 * IEEE multiplication or division of two exact doubles, hence correctly rounded (Clinger's fast path); anything
 * else, already validated by the grammar, goes to {@link Double#parseDouble}.
 */
final class NumberParser {

    /** 10^0 .. 10^22: every one is exactly representable as a double. */
    private static final double[] POW10 = new double[23];

    static {
        double p = 1;
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = p;
            p *= 10;
        }
    }

    /** The largest magnitude accepted: values are stored as floats (max 3.4e38), relative to another value. */
    static final double LIMIT = 1e38;

    private static final int MAX_FAST_DIGITS = 15;
    private static final int MAX_MANTISSA_DIGITS = 19;

    private NumberParser() {
    }

    /**
     * The finite value of {@code s}, or NaN when {@code s} is not a finite number (not a number at all, empty,
     * "NaN", an infinity or a value that overflows). {@link #isNumber} and {@link #describeProblem} tell these
     * apart on the error path.
     */
    static double parse(String s) {
        int end = s.length();
        int i = 0;
        while (i < end && isBlank(s.charAt(i))) {
            i++;
        }
        while (end > i && isBlank(s.charAt(end - 1))) {
            end--;
        }
        if (i == end) {
            return Double.NaN;
        }
        int start = i;
        boolean negative = false;
        char c = s.charAt(i);
        if (c == '+' || c == '-') {
            negative = c == '-';
            i++;
        }
        long m = 0;
        int sig = 0;
        int scale = 0;
        boolean digits = false;
        boolean exact = true;
        while (i < end && (c = s.charAt(i)) >= '0' && c <= '9') {
            digits = true;
            int d = c - '0';
            if (m == 0 && d == 0) {
                // leading zero: not significant
            } else if (sig < MAX_MANTISSA_DIGITS) {
                m = m * 10 + d;
                sig++;
            } else {
                scale++;
                exact = false;
            }
            i++;
        }
        if (i < end && s.charAt(i) == '.') {
            i++;
            while (i < end && (c = s.charAt(i)) >= '0' && c <= '9') {
                digits = true;
                int d = c - '0';
                if (m == 0 && d == 0) {
                    scale--;
                } else if (sig < MAX_MANTISSA_DIGITS) {
                    m = m * 10 + d;
                    sig++;
                    scale--;
                } else {
                    exact = false;
                }
                i++;
            }
        }
        if (!digits) {
            return Double.NaN;
        }
        int exp = 0;
        if (i < end && ((c = s.charAt(i)) == 'e' || c == 'E')) {
            i++;
            boolean expNegative = false;
            if (i < end && ((c = s.charAt(i)) == '+' || c == '-')) {
                expNegative = c == '-';
                i++;
            }
            boolean expDigits = false;
            while (i < end && (c = s.charAt(i)) >= '0' && c <= '9') {
                expDigits = true;
                if (exp < 100_000) {
                    exp = exp * 10 + (c - '0');
                }
                i++;
            }
            if (!expDigits) {
                return Double.NaN;
            }
            if (expNegative) {
                exp = -exp;
            }
        }
        if (i != end) {
            return Double.NaN;
        }
        if (m == 0) {
            return negative ? -0.0 : 0.0;
        }
        int e10 = scale + exp;
        double v;
        if (exact && sig <= MAX_FAST_DIGITS && e10 >= -22 && e10 <= 22) {
            v = e10 >= 0 ? m * POW10[e10] : m / POW10[-e10];
            if (negative) {
                v = -v;
            }
        } else {
            v = Double.parseDouble(s.substring(start, end));
        }
        return Math.abs(v) > LIMIT ? Double.NaN : v;
    }

    /** True when {@code s} is a number, finite or not ("NaN", "-inf", "1e999" count). */
    static boolean isNumber(String s) {
        return !Double.isNaN(parse(s)) || isNonFiniteLiteral(s) || isOverflow(s);
    }

    /**
     * What is wrong with a value that {@link #parse} rejected, as the "expected X" part of a message:
     * "a finite number" for NaN or infinities, "a number between -1e38 and 1e38" for a larger magnitude,
     * "a number with '.' as the decimal point" for "1,5", else "a number".
     */
    static String describeProblem(String s) {
        if (isNonFiniteLiteral(s)) {
            return "a finite number";
        }
        if (isOverflow(s)) {
            double v = Double.parseDouble(s.strip());
            return Double.isInfinite(v) ? "a finite number" : "a number between -1e38 and 1e38";
        }
        if (isCommaDecimal(s)) {
            return "a number with '.' as the decimal point";
        }
        return "a number";
    }

    private static boolean isNonFiniteLiteral(String s) {
        String t = s.strip();
        if (t.startsWith("+") || t.startsWith("-")) {
            t = t.substring(1);
        }
        return t.equalsIgnoreCase("nan") || t.equalsIgnoreCase("inf") || t.equalsIgnoreCase("infinity");
    }

    private static boolean isOverflow(String s) {
        String t = s.strip();
        if (t.isEmpty() || !t.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
            return false;
        }
        return Math.abs(Double.parseDouble(t)) > LIMIT;
    }

    private static boolean isCommaDecimal(String s) {
        return s.strip().matches("[+-]?\\d*,\\d+([eE][+-]?\\d+)?");
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }
}
