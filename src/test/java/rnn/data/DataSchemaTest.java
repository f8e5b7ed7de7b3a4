package rnn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static rnn.data.TestData.csv;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;

/** "What was understood" and the JSON form stored in config.json and checkpoints. */
class DataSchemaTest {

    @TempDir
    Path dir;

    private LoadedData tenRows() {
        StringBuilder b = new StringBuilder("day,note,x,y\n");
        for (int r = 0; r < 10; r++) {
            b.append(r).append(",n,").append(r * r).append(',').append(r).append('\n');
        }
        return DataLoader.load(csv(dir, "ten.csv", b.toString()), DataOptions.defaults(42).withTime("day")
                .withWindow(3, 1, 1));
    }

    @Test
    void describeSaysWhatWasUnderstood() {
        LoadedData d = tenRows();
        Path f = dir.resolve("ten.csv");
        assertEquals(List.of(
                "data: " + f + ", 10 rows",
                "layout: window, 1 series, ordered by \"day\"; window 3, horizon 1, stride 1: 7 windows",
                "features (1): x",
                "target: y (regression, output last)",
                "split: 5 training windows, 2 validation windows (validation = the last 20% of each series' windows)",
                "normalisation: zscore, fitted on 8 training rows; missing values: error",
                "ignored columns: \"note\" (text with a single value in the 8 training rows: not a category; name it "
                        + "with --categorical to embed it)",
                "warning: the inputs (x) leave out the target \"y\": the model never sees the target's own past; to"
                        + " include it, use --features x,y (in the window layout the target's past is an input, not"
                        + " leakage)"), d.schema().describe());
    }

    @Test
    void jsonRoundTrip() throws Exception {
        DataSchema s = tenRows().schema();
        JsonNode json = s.toJson();
        assertEquals("window", json.at("/contract/layout").asText());
        assertEquals("zscore", json.at("/contract/scaling/normalize").asText());
        assertEquals("last", json.at("/contract/output").asText());
        assertEquals(3, json.at("/contract/shape/window").asInt());
        assertTrue(json.at("/contract/shape/steps").isMissingNode(), "the window layout has no steps");
        assertEquals(10, json.at("/report/rows").asInt());
        assertEquals(s, DataSchema.fromJson(json));
        assertEquals(s, DataSchema.fromJson(new ObjectMapper().readTree(s.toJsonText())));
        assertThrows(IllegalArgumentException.class, () -> DataSchema.fromJson(new TextNode("not a schema")));
        assertThrows(IllegalArgumentException.class, () -> DataSchema.fromJson(new ObjectMapper().readTree(
                "{\"contract\": {\"layout\": \"window\"}, \"report\": {}}")), "a contract without its parts");
        assertThrows(IllegalArgumentException.class, () -> DataSchema.fromJson(new ObjectMapper().readTree(
                "{\"contract\": {\"layout\": \"tall\"}, \"report\": {}}")), "an unknown layout");
    }

    @Test
    void classesSurviveTheRoundTrip() {
        Path f = csv(dir, "labels.csv", "id,x,label\nA,1,b\nB,2,a\n");
        DataSchema s = DataLoader.load(f, DataOptions.defaults(1).withId("id").withClassification(true)
                .withValSplit(0)).schema();
        DataSchema back = DataSchema.fromJson(s.toJson());
        assertEquals(List.of("a", "b"), back.contract().classes());
        assertEquals(TestData.layout("long"), back.contract().layout());
        assertEquals(s, back);
    }
}
