package rnn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;

import org.junit.jupiter.api.Test;

import rnn.random.Rng;

/** The locale-independent number grammar, and bit-exact agreement with {@link Double#parseDouble}. */
class NumberParserTest {

    @Test
    void acceptsDecimalsAndExponentsWithSurroundingSpaces() {
        String[] valid = {"1", "-2.5", "+3", ".5", "5.", "1e3", "1E-3", "  7.25 ", "\t-0", "0.000001234", "-0.0",
            "123456789012345678901234", "3.4e37", "4.9e-324", "2.2250738585072014E-308",
            "0.1", "0.30000000000000004", "9007199254740993", "1e22", "1e23", "123.456e-30", "00012.5000"};
        for (String s : valid) {
            assertEquals(Double.doubleToLongBits(Double.parseDouble(s.strip())),
                    Double.doubleToLongBits(NumberParser.parse(s)), s);
            assertTrue(NumberParser.isNumber(s), s);
        }
    }

    @Test
    void rejectsEverythingElse() {
        String[] invalid = {"", " ", "abc", "1,5", "1.2.3", "1e", "e3", "--1", "0x10", "1f", "1d", "1_000",
            "\u0661", "+", ".", "1 2", "n/a", "NA", "null", "1e+", "１"};
        for (String s : invalid) {
            assertTrue(Double.isNaN(NumberParser.parse(s)), s);
            assertFalse(NumberParser.isNumber(s), s);
        }
        assertEquals("a number with '.' as the decimal point", NumberParser.describeProblem("1,5"));
        assertEquals("a number with '.' as the decimal point", NumberParser.describeProblem("-0,25"));
        assertEquals("a number", NumberParser.describeProblem("abc"));
        assertEquals("a number", NumberParser.describeProblem(""));
    }

    @Test
    void nonFiniteValuesAreNumbersButNotFinite() {
        for (String s : new String[] {"NaN", "nan", "-inf", "Infinity", "+INF", "1e999", "-1e400"}) {
            assertTrue(Double.isNaN(NumberParser.parse(s)), s);
            assertTrue(NumberParser.isNumber(s), s);
            assertEquals("a finite number", NumberParser.describeProblem(s), s);
        }
        assertTrue(Double.isNaN(NumberParser.parse("-2e38")), "beyond the float range");
        assertTrue(NumberParser.isNumber("-2e38"));
        assertEquals("a number between -1e38 and 1e38", NumberParser.describeProblem("-2e38"));
        assertEquals(1e38, NumberParser.parse("1e38"));
    }

    @Test
    void agreesWithParseDoubleOnSeededRandomValues() {
        Rng rng = new Rng(7);
        for (int i = 0; i < 20_000; i++) {
            double v = (rng.nextDouble() - 0.5) * Math.pow(10, rng.nextInt(40) - 20);
            String[] forms = {Double.toString(v), String.format(Locale.ROOT, "%.4f", v),
                String.format(Locale.ROOT, "%.12e", v), String.format(Locale.ROOT, "%.17g", v)};
            for (String s : forms) {
                assertEquals(Double.doubleToLongBits(Double.parseDouble(s)),
                        Double.doubleToLongBits(NumberParser.parse(s)), s);
            }
        }
    }
}
