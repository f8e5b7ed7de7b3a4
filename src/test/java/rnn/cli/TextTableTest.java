package rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The one table printer of eval and inspect, against tables laid out by hand. */
class TextTableTest {

    private static final List<List<String>> ROWS = List.of(
            List.of("", "model", "mean"),
            List.of("rmse", "1.5", "12.25"),
            List.of("r2", "0.875", "-0.1"));

    private static String print(TextTable.Align align) {
        StringWriter s = new StringWriter();
        try (PrintWriter out = new PrintWriter(s)) {
            TextTable.print(out, ROWS, align);
        }
        return s.toString().replace(System.lineSeparator(), "\n");
    }

    @Test
    void numbersLineUpOnTheRight() {
        // widths 4, 5, 5; first column left, others right, two spaces apart, no trailing spaces
        assertEquals("      model   mean\n"
                + "rmse    1.5  12.25\n"
                + "r2    0.875   -0.1\n", print(TextTable.Align.RIGHT));
    }

    @Test
    void textLinesUpOnTheLeft() {
        assertEquals("      model  mean\n"
                + "rmse  1.5    12.25\n"
                + "r2    0.875  -0.1\n", print(TextTable.Align.LEFT));
    }
}
