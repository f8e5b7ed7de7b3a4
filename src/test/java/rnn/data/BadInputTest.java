package rnn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static rnn.data.TestData.assertDataError;
import static rnn.data.TestData.bytes;
import static rnn.data.TestData.csv;
import static rnn.data.TestData.options;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every bad input of issue #3, each asserting the exit code (3 data error, 2 usage error) and the exact one-line
 * message. Files are written into a temporary directory, so messages start with its path.
 */
class BadInputTest {

    private static final int DATA = DataException.DATA;
    private static final int USAGE = DataException.USAGE;

    @TempDir
    Path dir;

    private static DataOptions small() {
        return options().withWindow(1, 1, 1);
    }

    @Test
    void missingFile() {
        Path f = dir.resolve("nope.csv");
        assertDataError(DATA, f + ": expected a CSV file, got no such file; check the path",
                () -> DataLoader.load(f, options()));
    }

    @Test
    void directory() {
        assertDataError(DATA, dir + ": expected a CSV file, got a directory; name a file inside it",
                () -> DataLoader.load(dir, options()));
    }

    @Test
    void nonUtf8BytesNameTheirLine() {
        Path f = bytes(dir, "latin1.csv", new byte[] {'a', ',', 'b', '\n', '1', ',', '2', '\n', (byte) 0xE9, ',',
            '3', '\n'});
        assertDataError(DATA, f + ":3: expected UTF-8 text, got the byte 0xE9; save the file as UTF-8 (this looks"
                + " like another encoding such as Latin-1, or a binary file)", () -> DataLoader.load(f, options()));
    }

    @Test
    void binaryFile() {
        Path png = bytes(dir, "image.csv", new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0});
        assertDataError(DATA, png + ":1: expected UTF-8 text, got the byte 0x89; save the file as UTF-8 (this looks"
                + " like another encoding such as Latin-1, or a binary file)", () -> DataLoader.load(png, options()));
        Path nul = bytes(dir, "nul.csv", new byte[] {'a', 0, 'b', ',', 'c', '\n', '1', ',', '2', '\n'});
        assertDataError(DATA, nul + ":1: expected text, got a NUL byte (is it a binary file?); give a CSV text file",
                () -> DataLoader.load(nul, options()));
    }

    @Test
    void utf16File() {
        Path f = bytes(dir, "utf16.csv", new byte[] {(byte) 0xFF, (byte) 0xFE, 'a', 0, ',', 0, 'b', 0});
        assertDataError(DATA, f + ": expected UTF-8 text, got UTF-16 (byte order mark FF FE); save the file as UTF-8",
                () -> DataLoader.load(f, options()));
    }

    /**
     * A CSV file that does not load: its name and text, the options it is loaded with, the exit code, and the exact
     * message, in which {@code {f}} stands for the file's path.
     */
    record BadFile(int exitCode, String name, String text, DataOptions options, String message) {
        @Override
        public String toString() {
            return name + " → " + message;
        }
    }

    private static BadFile bad(int exitCode, String name, String text, DataOptions options, String message) {
        return new BadFile(exitCode, name, text, options, message);
    }

    /** Every bad file of issue #3 that is one CSV file loaded with some options, grouped by what is wrong. */
    static List<BadFile> badFiles() {
        return List.of(
            // Empty file
            bad(DATA, "empty.csv", "", options(),
                    "{f}: expected a header row, got an empty file; add a header line with the column names"),
            bad(DATA, "blank.csv", "\n\r\n\n", options(),
                    "{f}: expected a header row, got an empty file; add a header line with the column names"),
            // Header only
            bad(DATA, "header.csv", "a,b,c\n\n", options(),
                    "{f}: expected data rows after the header, got only the header; add data rows"),
            // Duplicate header names
            bad(DATA, "dup.csv", "a,b,a\n1,2,3\n", options(),
                    "{f}:1:3 (column \"a\"): expected unique column names in the header, got \"a\" again (also"
                    + " column 1); rename one of them"),
            // Unknown column name
            bad(USAGE, "sales.csv", "day,temp,sales\n1,2,3\n", options().withTargets("tmp"),
                    "{{targets}}: expected a column of {f} (day, temp, sales) or a 0-based index, got \"tmp\"; check"
                    + " the spelling (names are case-sensitive)"),
            bad(USAGE, "sales.csv", "day,temp,sales\n1,2,3\n", options().withId("Temp"),
                    "{{id}}: expected a column of {f} (day, temp, sales) or a 0-based index, got \"Temp\"; did you"
                    + " mean \"temp\"?"),
            bad(USAGE, "sales.csv", "day,temp,sales\n1,2,3\n", options().withTime("date"),
                    "{{time}}: expected a column of {f} (day, temp, sales) or a 0-based index, got \"date\"; check the"
                    + " spelling (names are case-sensitive)"),
            // Single column header hints at the delimiter
            bad(USAGE, "semi.csv", "day;temp;sales\n1;2;3\n", options().withTargets("sales"),
                    "{{targets}}: expected a column of {f} (day;temp;sales) or a 0-based index, got \"sales\"; the"
                    + " header has a single column: is the delimiter \";\"? use {{delimiter}}"),
            // Column index out of range
            bad(USAGE, "sales.csv", "day,temp,sales\n1,2,3\n", options().withFeatures("1", "3"),
                    "{{features}}: expected a 0-based column index below 3 ({f} has 3 columns), got 3; indexes count"
                    + " from 0"),
            // Feature value that is not a number
            bad(DATA, "abc.csv", "t,temp,y\n1,2,3\n2,abc,4\n", small(),
                    "{f}:3:2 (column \"temp\"): expected a number, got \"abc\"; fix the value or use {{missing}}"
                    + " drop|ffill"),
            bad(DATA, "empty-value.csv", "t,temp,y\n1,2,3\n2,,4\n", small(),
                    "{f}:3:2 (column \"temp\"): expected a number, got \"\"; fix the value or use {{missing}}"
                    + " drop|ffill"),
            bad(DATA, "comma.csv", "t;temp;y\n1;2;3\n2;1,5;4\n", small().withDelimiter(';'),
                    "{f}:3:2 (column \"temp\"): expected a number with '.' as the decimal point, got \"1,5\"; fix"
                    + " the value or use {{missing}} drop|ffill"),
            bad(DATA, "quoted.csv", "t,temp,y\n1,2,3\n2,\"1,5\",4\n", small(),
                    "{f}:3:2 (column \"temp\"): expected a number with '.' as the decimal point, got \"1,5\"; fix"
                    + " the value or use {{missing}} drop|ffill"),
            // Text column named as feature (a categorical column: here one of unique values) or target
            bad(USAGE, "text.csv", "name,x,y\nann,1,2\nbob,3,4\n", small().withFeatures("name", "x"),
                    "{{categorical}}: expected a column of repeated categories (at most 100000 levels and at most half"
                    + " the training rows), got \"name\" with 2 distinct values in 2 training rows; if it names the"
                    + " series, give it as {{id}}; else leave it out with {{features}}"),
            bad(DATA, "text.csv", "name,x,y\nann,1,2\nbob,3,4\n", small().withTargets("name"),
                    "{f}:2:1 (column \"name\"): expected a number (a regression target), got \"ann\"; name a numeric"
                    + " {{targets}}, or use {{loss}} xent for class labels"),
            // Non-finite values under --missing error
            bad(DATA, "nan.csv", "t,temp,y\n1,2,3\n2,NaN,4\n", small(),
                    "{f}:3:2 (column \"temp\"): expected a finite number, got \"NaN\"; fix the value or use"
                    + " {{missing}} drop|ffill"),
            bad(DATA, "inf.csv", "t,temp,y\n1,2,3\n2,3,-Infinity\n", small(),
                    "{f}:3:3 (column \"y\"): expected a finite number (a target), got \"-Infinity\"; fix the value or"
                    + " use {{missing_target}} drop|interpolate"),
            bad(DATA, "overflow.csv", "t,temp,y\n1,2,3\n2,1e999,4\n", small(),
                    "{f}:3:2 (column \"temp\"): expected a finite number, got \"1e999\"; fix the value or use"
                    + " {{missing}} drop|ffill"),
            bad(DATA, "huge.csv", "t,temp,y\n1,2,3\n2,-1e300,4\n", small(),
                    "{f}:3:2 (column \"temp\"): expected a number between -1e38 and 1e38, got \"-1e300\"; fix the"
                    + " value or use {{missing}} drop|ffill"),
            // Row with too few or too many fields
            bad(DATA, "few.csv", "a,b,c\n1,2,3\n4,5\n", small(),
                    "{f}:3: expected 3 fields as in the header, got 2; add the missing field or check {{delimiter}}"),
            bad(DATA, "many.csv", "a,b,c\r\n1,2,3\r\n\r\n4,5,6,7\r\n", small(),
                    "{f}:4: expected 3 fields as in the header, got 4; quote values that contain the delimiter, or"
                    + " remove the extra field"),
            // Unterminated quote
            bad(DATA, "quote.csv", "a,b,c\n1,2,3\n4,\"5,6\n7,8,9\n", small(),
                    "{f}:3: expected a closing quote (\") for the field opened on this line, got the end of the"
                    + " file; close the quote, and write a quote inside a quoted field as \"\""),
            bad(DATA, "stray.csv", "a,b,c\n1,2,3\n4,\"5\"x,6\n", small(),
                    "{f}:3: expected the delimiter or a line end after a closing quote, got another character; quote"
                    + " the whole field, and write a quote inside it as \"\""),
            // Line numbers count lines inside quoted fields
            bad(DATA, "multiline.csv", "note,x,y\n\"two\nlines\",1,2\n\n\"ok\",abc,3\n", small(),
                    "{f}:5:2 (column \"x\"): expected a number, got \"abc\"; fix the value or use {{missing}}"
                    + " drop|ffill"),
            // Time column that is not increasing
            bad(DATA, "time.csv", "t,x,y\n1,1,1\n2,2,2\n4,3,3\n3,4,4\n", small().withTime("t"),
                    "{f}:5:1 (column \"t\"): expected a time after \"4\" (line 4), got \"3\"; sort the rows by time"),
            bad(DATA, "ids.csv", "id,t,x\nA,2024-01-01,1\nB,2024-01-01,2\nA,2024-01-01,3\n",
                    small().withId("id").withTime("t").withLayout(TestData.layout("window"), null),
                    "{f}:4:2 (column \"t\"): expected a time after \"2024-01-01\" (line 2) in series \"A\", got"
                    + " \"2024-01-01\"; sort the rows by time within each series"),
            bad(DATA, "baddate.csv", "t,x,y\n2024-01-01,1,1\n31/01/2024,2,2\n", small().withTime("t"),
                    "{f}:3:1 (column \"t\"): expected a number or an ISO-8601 date/time such as 2024-01-31 or"
                    + " 2024-01-31T12:00, got \"31/01/2024\"; fix the value or use {{missing}} drop"),
            // Repeated time in a long sequence
            bad(DATA, "long.csv", "id,t,x,y\nA,3,1,1\nB,1,2,2\nA,1,3,3\nA,3,4,4\n",
                    options().withId("id").withTime("t"),
                    "{f}:5:2 (column \"t\"): expected each time once per sequence (\"A\"), got \"3\" again (first on"
                    + " line 2); remove or fix the duplicate row"),
            // Series shorter than --window + --horizon
            bad(DATA, "short.csv", "x\n1\n2\n3\n", options(),
                    "{f}: expected at least {{window}} + {{horizon}} = 21 rows, got 3; lower {{window}} or"
                    + " {{horizon}}, or add rows"),
            // (a series too short among longer ones is skipped with a warning: WindowLayoutTest; every one too short:)
            bad(DATA, "short-id.csv", "id,x\nA,1\nA,2\nB,1\nB,2\nC,1\n",
                    options().withId("id").withLayout(TestData.layout("window"), null).withWindow(2, 1, 1),
                    "{f}:2 (series \"A\", the longest of 3): expected at least {{window}} + {{horizon}} = 3 rows, got 2;"
                    + " lower {{window}} or {{horizon}}, or add rows to the series"),
            // Too few windows or sequences for --val-split
            bad(DATA, "few-windows.csv", "x\n1\n2\n3\n4\n", options().withWindow(3, 1, 1).withValSplit(0.5),
                    "{f}: expected at least 1 training window with {{val_split}} 0.5, got 0 of 1 window; lower"
                    + " {{val_split}}, or add data"),
            bad(DATA, "few-seqs.csv", "id,x,y\nA,1,1\nB,2,2\n", options().withId("id").withValSplit(0.2),
                    "{f}: expected at least 1 validation sequence with {{val_split}} 0.2, got 0 of 2 sequences; raise"
                    + " {{val_split}}, or use {{val_file}} FILE, or {{val_split}} 0 for none"),
            bad(DATA, "one-row.csv", "a,b,y\n1,2,3\n",
                    options().withLayout(TestData.layout("wide"), 2).withValSplit(0.5),
                    "{f}: expected at least 1 training row with {{val_split}} 0.5, got 0 of 1 row; lower {{val_split}},"
                    + " or add data"),
            // --steps that do not divide the feature columns
            bad(USAGE, "wide.csv", "a0,b0,a1,b1,c,y\n1,2,3,4,5,6\n", options().withLayout(TestData.layout("wide"), 2),
                    "{{steps}}: expected a divisor of the number of feature columns (each row holds T×F values,"
                    + " step-major), got 2 for 5 feature columns (a0, b0, a1, b1, c); name T×F columns with"
                    + " {{features}} or change {{steps}}"),
            // Options that do not fit the file
            bad(USAGE, "cols.csv", "id,t,x,y\nA,1,1,1\n", small().withTime("t").withFeatures("x", "t"),
                    "{{features}}: expected columns other than the {{time}} column, got \"t\"; the time column is never"
                    + " a feature; remove it from {{features}}"),
            bad(USAGE, "cols.csv", "id,t,x,y\nA,1,1,1\n", options().withId("id").withTargets("id"),
                    "{{targets}}: expected a column other than the {{id}} column, got \"id\""),
            bad(USAGE, "last-time.csv", "x,t\n1,1\n", small().withTime("t"),
                    "{{targets}}: expected a target column, got the default, the last column \"t\", which is the"
                    + " {{time}} column; name the target with {{targets}}"),
            bad(USAGE, "labels.csv", "name,label\nann,a\nbob,b\n", small().withClassification(true),
                    "{{features}}: expected at least one numeric or text column besides the target, id and time"
                    + " columns, got none in {f} (ignored: \"name\" (text with 2 distinct values in the 2 training"
                    + " rows: not a category; name it with --categorical to embed it)); name the feature columns with"
                    + " {{features}}"),
            // Missing values that cannot be filled or dropped
            bad(DATA, "ffill-first.csv", "x,y\n,1\n2,2\n3,3\n",
                    small().withFeatures("x").withMissing(MissingPolicy.FFILL),
                    "{f}:2:1 (column \"x\"): expected an earlier value to carry forward ({{missing}} ffill), got a"
                    + " missing value on the first row of the series; fix the value or use {{missing}} drop"),
            bad(DATA, "all-missing.csv", "x,y\n,1\nNaN,2\n", small().withFeatures("x").withMissing(MissingPolicy.DROP),
                    "{f}: expected at least one row without missing values, got none of 2 (all dropped by {{missing}}"
                    + " drop); fix the values or use {{missing}} ffill"),
            bad(DATA, "gaps.csv", "x,y\n1,1\n,2\n3,3\n,4\n5,5\n",
                    options().withWindow(2, 1, 1) .withMissing(MissingPolicy.DROP),
                    "{f}: expected a window of {{window}} + {{horizon}} = 3 consecutive rows without a dropped row, got"
                    + " none (2 rows dropped by {{missing}} drop); fix the values, lower {{window}}, or use {{missing}}"
                    + " ffill"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void badFile(BadFile c) {
        Path f = csv(dir, c.name(), c.text());
        assertDataError(c.exitCode(), c.message().replace("{f}", f.toString()), () -> DataLoader.load(f, c.options()));
    }

    @Test
    void validationFileWithOtherColumns() {
        Path train = csv(dir, "train.csv", "t,temp,sales\n1,2,3\n2,3,4\n3,4,5\n");
        Path val = csv(dir, "val.csv", "t,temperature,revenue\n1,2,3\n2,3,4\n");
        assertDataError(DATA, val + ": expected the columns used from " + train + " (t, temp, sales), got a header"
                + " without \"temp\", \"sales\"; use a validation file with the same columns",
                () -> DataLoader.load(train, small().withValFile(val)));
    }

    @Test
    void targetAmongTheFeaturesOfTheLongLayoutIsAWarning() {
        Path f = csv(dir, "leak.csv", "id,x,y\nA,1,1\nA,2,2\nB,3,3\nB,4,4\n");
        LoadedData d = DataLoader.load(f, options().withId("id").withFeatures("x", "y"));
        assertEquals(1, d.schema().report().warnings().size());
        assertEquals("--features includes the target column \"y\": in the long layout the model then sees the value"
                + " it predicts (leakage); remove it from --features unless that is intended",
                d.schema().report().warnings().get(0));
        assertTrue(d.schema().describe().contains("warning: " + d.schema().report().warnings().get(0)));
        LoadedData window = DataLoader.load(f, small().withFeatures("x", "y"));
        assertFalse(window.schema().report().warnings().stream().anyMatch(w -> w.contains("leakage")),
                "in the window layout the target's past is a legitimate input");
    }

    @Test
    void badFlagsOnTheirOwn() {
        assertDataError(USAGE, "{{id}}: expected the sequence id column with the long layout, got none",
                () -> options().withLayout(TestData.layout("long"), null));
        assertDataError(USAGE, "{{steps}}: expected the number of steps in each row with the wide layout, got none",
                () -> options().withLayout(TestData.layout("wide"), null));
        assertDataError(USAGE, "{{steps}}: expected none outside the wide layout, got 3 with the window layout",
                () -> options().withLayout(null, 3));
        assertDataError(USAGE, "{{window}}: expected a positive integer, got 0", () -> options().withWindow(0, 1, 1));
        assertDataError(USAGE, "{{horizon}}: expected an integer >= 0, got -1", () -> options().withWindow(5, -1, 1));
        assertDataError(USAGE, "{{stride}}: expected a positive integer, got 0", () -> options().withWindow(5, 1, 0));
        assertDataError(USAGE, "{{val_split}}: expected a fraction in [0, 1), got 1", () -> options().withValSplit(1));
        assertDataError(USAGE, "{{delimiter}}: expected a character other than a quote or a line break, got \"\\\"\"",
                () -> options().withDelimiter('"'));
        assertDataError(USAGE, "{{targets}}: expected one column of class labels with a classification loss, got 2 "
                + "columns (a, b)",
                () -> options().withClassification(true).withTargets("a", "b"));
        assertDataError(USAGE, "{{features}}: expected each column once, got \"x\" twice",
                () -> options().withFeatures("x", "y", "x"));
    }

    @Test
    void classLabelsThatDoNotFit() {
        Path train = csv(dir, "train.csv", "id,x,label\nA,1,cat\nB,2,dog\n");
        Path val = csv(dir, "val.csv", "id,x,label\nC,1,cat\nD,2,bird\n");
        assertDataError(DATA, val + ":3:3 (column \"label\"): expected one of the training classes (cat, dog), got"
                + " \"bird\"; fix the label or add examples of it to the training file",
                () -> DataLoader.load(train, options().withId("id").withClassification(true).withValFile(val)));
        Path one = csv(dir, "one-class.csv", "id,x,label\nA,1,cat\nB,2,cat\n");
        assertDataError(DATA, one + ": expected at least 2 classes in the target column \"label\" with {{loss}} xent,"
                + " got 1 (cat); check {{targets}}, or use a regression loss",
                () -> DataLoader.load(one, options().withId("id").withClassification(true)));
    }

    @Test
    void messagesStayOnOneLine() throws Exception {
        Path f = csv(dir, "newline.csv", "x,y\n1,2\n\"a\nb\",3\n");
        DataException e = assertDataError(DATA, f + ":3:1 (column \"x\"): expected a number, got \"a\\nb\"; fix the"
                + " value or use {{missing}} drop|ffill", () -> DataLoader.load(f, small()));
        assertFalse(e.getMessage().contains("\n"));
        String longValue = "v".repeat(100);
        Path g = csv(dir, "long-value.csv", "x,y\n1,2\n" + longValue + ",3\n");
        assertDataError(DATA, g + ":3:1 (column \"x\"): expected a number, got \"" + "v".repeat(40) + "...\"; fix the"
                + " value or use {{missing}} drop|ffill", () -> DataLoader.load(g, small()));
        assertTrue(Files.exists(g));
    }
}
