package rnn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static rnn.data.TestData.bytes;
import static rnn.data.TestData.csv;
import static rnn.data.TestData.options;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the reader accepts: encodings, line ends, quoting, delimiters, column references. */
class CsvReadingTest {

    @TempDir
    Path dir;

    /** Raw values: no normalisation, no split, window 1, horizon 0, so example k is row k. */
    private static DataOptions raw() {
        return options().withNormalize(Normalization.NONE).withWindow(1, 0, 1).withTarget(null, TargetForm.LEVEL);
    }

    private static void assertRows(LoadedData d, double[][] expected) {
        Dataset ds = d.train();
        assertEquals(expected.length, ds.size());
        for (int k = 0; k < expected.length; k++) {
            for (int i = 0; i < expected[k].length; i++) {
                assertEquals(expected[k][i], ds.input(k, 0, i), TestData.FLOAT_TOL, "row " + k + " feature " + i);
            }
        }
    }

    @Test
    void utf8WithByteOrderMarkCrlfQuotesAndTrailingBlankLines() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        out.write("\"température\",\"b\",y\r\n\"1.5\",-2e-1,0\r\n 3 ,\"4\",0\r\n\r\n\r\n"
                .getBytes(StandardCharsets.UTF_8));
        Path f = bytes(dir, "bom.csv", out.toByteArray());
        LoadedData d = DataLoader.load(f, raw());
        assertEquals(List.of("température", "b"), d.schema().contract().features());
        assertRows(d, new double[][] {{1.5, -0.2}, {3, 4}});
        assertEquals(2, d.schema().report().rows());
    }

    @Test
    void otherDelimitersAndTheLastLineWithoutNewline() {
        LoadedData semi = DataLoader.load(csv(dir, "semi.csv", "a;b;y\n1.25;2;0\n3;4;0"), raw().withDelimiter(';'));
        assertRows(semi, new double[][] {{1.25, 2}, {3, 4}});
        LoadedData tab = DataLoader.load(csv(dir, "tab.csv", "a\tb\ty\n1\t2\t0\n3\t4\t0\n"), raw().withDelimiter('\t'));
        assertRows(tab, new double[][] {{1, 2}, {3, 4}});
    }

    @Test
    void columnsByNameOrIndexAndHeaderNamesTrimmed() {
        Path f = csv(dir, "cols.csv", " a , b ,3,y\n1,2,3,4\n5,6,7,8\n");
        LoadedData byIndex = DataLoader.load(f, raw().withFeatures("1", "0").withTargets("y"));
        assertEquals(List.of("b", "a"), byIndex.schema().contract().features());
        assertEquals(List.of("y"), byIndex.schema().contract().targets());
        assertRows(byIndex, new double[][] {{2, 1}, {6, 5}});
        LoadedData nameFirst = DataLoader.load(f, raw().withFeatures("3").withTargets("a"));
        assertEquals(List.of("3"), nameFirst.schema().contract().features(), "a column named \"3\" is found by its name");
    }

    @Test
    void defaultFeaturesAreTheNumericColumnsButTargetIdAndTime() {
        Path f = csv(dir, "mixed.csv", "date,name,x,z,id,y\n2024-01-01,ann,1,2,7,3\n2024-01-02,bob,4,5,7,6\n");
        LoadedData d = DataLoader.load(f, raw().withTime("date").withId("id").withLayout(TestData.layout("window"), null));
        assertEquals(List.of("x", "z"), d.schema().contract().features());
        assertEquals(List.of("y"), d.schema().contract().targets());
        assertEquals(List.of("\"name\" (text with 2 distinct values in the 2 training rows: not a category; name it "
                + "with --categorical to embed it)"), d.schema().report().ignoredColumns());
    }

    @Test
    void univariateSeriesIsItsOwnInput() {
        LoadedData d = DataLoader.load(csv(dir, "uni.csv", "v\n1\n2\n3\n4\n"), raw().withWindow(2, 1, 1));
        assertEquals(List.of("v"), d.schema().contract().features());
        assertEquals(List.of("v"), d.schema().contract().targets());
        assertEquals(2, d.train().size());
        assertEquals(4, d.train().target(1, 0, 0), TestData.FLOAT_TOL);
    }

    @Test
    void quotedFieldsWithDelimitersQuotesAndLineBreaksKeepLineNumbers() {
        Path f = csv(dir, "quoted.csv", "note,x,y\n\"a, \"\"b\"\"\",1,2\n\"multi\nline\",3,4\n\n  \n\"c\",5,6\n");
        LoadedData d = DataLoader.load(f, raw());
        assertRows(d, new double[][] {{1}, {3}, {5}});
        assertEquals(2, d.train().line(0, 0));
        assertEquals(3, d.train().line(1, 0));
        assertEquals(7, d.train().line(2, 0));
        assertNull(d.train().time(0, 0));
    }
}
