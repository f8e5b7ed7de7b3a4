package rnn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Data schemas written by release 1 (format 1, test resources under {@code format1/}) still read: every value
 * lands in the input contract or the load report, and the "what was understood" lines are the ones release 1
 * printed for the same run (copied from its train.log).
 */
class Format1SchemaTest {

    private static JsonNode fixture(String name) throws IOException {
        try (InputStream in = Format1SchemaTest.class.getResourceAsStream("/format1/" + name)) {
            return new ObjectMapper().readTree(in);
        }
    }

    /** Every key of format 1 compared with where it lands, key by key. */
    private static void assertSameValues(JsonNode f1, DataSchema s) {
        InputContract c = s.contract();
        LoadReport r = s.report();
        assertEquals(f1.get("layout").asText(), c.layout().cliName());
        assertEquals(strings(f1.get("features")), c.features());
        assertEquals(strings(f1.get("targets")), c.targets());
        assertEquals(f1.get("id").isNull() ? null : f1.get("id").asText(), c.id());
        assertEquals(f1.get("time").isNull() ? null : f1.get("time").asText(), c.time());
        assertEquals(f1.get("inputs").asInt(), c.inputs());
        assertEquals(f1.get("outputs").asInt(), c.outputs());
        assertEquals(f1.get("output").asText(), c.output().cliName());
        assertEquals(f1.get("classification").asBoolean(), c.classification());
        assertEquals(strings(f1.get("classes")), c.classes());
        assertEquals(integer(f1.get("window")), c.shape().window());
        assertEquals(integer(f1.get("horizon")), c.shape().horizon());
        assertEquals(integer(f1.get("stride")), c.shape().stride());
        assertEquals(integer(f1.get("steps")), c.shape().steps());
        assertEquals(f1.get("normalize").asText(), c.normalize().cliName());
        assertEquals(f1.get("missing").asText(), c.missing().cliName());
        assertStats(f1.get("featureStats"), c.scaling().featureStats());
        assertStats(f1.get("targetStats"), c.scaling().targetStats());
        assertEquals(f1.get("file").asText(), r.file());
        assertEquals(f1.get("statsRows").asLong(), r.statsRows());
        assertEquals(f1.get("rows").asLong(), r.rows());
        assertEquals(f1.get("droppedRows").asLong(), r.droppedRows());
        assertEquals(f1.get("filledValues").asLong(), r.filledValues());
        assertEquals(f1.get("series").asInt(), r.counts().series());
        assertEquals(f1.get("examples").asInt(), r.counts().examples());
        assertEquals(f1.get("minSteps").asInt(), r.counts().minSteps());
        assertEquals(f1.get("maxSteps").asInt(), r.counts().maxSteps());
        assertEquals(f1.get("trainExamples").asInt(), r.split().trainExamples());
        assertEquals(f1.get("validationExamples").asInt(), r.split().validationExamples());
        assertEquals(f1.get("valSplit").asDouble(), r.split().valSplit());
        assertNull(r.split().valFile());
        assertEquals(strings(f1.get("ignoredColumns")), r.ignoredColumns());
        assertEquals(strings(f1.get("warnings")), r.warnings());
        assertEquals(s, DataSchema.fromJson(s.toJson()), "the new form reads back the same");
    }

    private static void assertStats(JsonNode json, List<ColumnStats> stats) {
        assertEquals(json.size(), stats.size());
        for (int i = 0; i < stats.size(); i++) {
            JsonNode j = json.get(i);
            ColumnStats s = stats.get(i);
            assertEquals(j.get("column").asText(), s.column());
            assertEquals(j.get("center").asDouble(), s.center());
            assertEquals(j.get("scale").asDouble(), s.scale());
            assertEquals(j.get("mean").asDouble(), s.mean());
            assertEquals(j.get("std").asDouble(), s.std());
            assertEquals(j.get("min").asDouble(), s.min());
            assertEquals(j.get("max").asDouble(), s.max());
            assertEquals(j.get("count").asLong(), s.count());
        }
    }

    private static List<String> strings(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static Integer integer(JsonNode n) {
        return n.isNull() ? null : n.asInt();
    }

    /** Reads a fixture: every value where it belongs, and the description release 1 printed for the run. */
    private static void assertReadsAsRelease1Printed(String fixture, String... printed) throws IOException {
        JsonNode f1 = fixture(fixture);
        DataSchema s = DataSchema.fromJson(f1);
        assertSameValues(f1, s);
        assertEquals(List.of(printed), s.describe());
    }

    @Test
    void windowSchemaOfRelease1() throws IOException {
        assertReadsAsRelease1Printed("schema-window-format1.json", "data: sunspots_yearly.csv, 309 rows",
                "layout: window, 1 series, ordered by \"year\"; window 12, horizon 2, stride 3: 99 windows",
                "features (1): sunactivity (the target series' own past)",
                "target: sunactivity (regression, output last)",
                "split: 79 training windows, 20 validation windows (validation = the last 20% of each series'"
                        + " windows)",
                "normalisation: zscore, fitted on 248 training rows; missing values: error");
    }

    /** The contract of release 1 reads new data as it did: z-scored with the stored statistics. */
    @Test
    void aFormat1ContractReadsNewDataWithItsStatistics() throws IOException {
        InputContract c = InputContract.fromJson(fixture("schema-window-format1.json"));
        Dataset d = DataLoader.loadForModel(TestData.resource("sunspots_yearly.csv"), c, ',',
                DataLoader.Purpose.PREDICT);
        // windows of 12 every 3 rows over 309 rows, the last H = 2 of them forecasts: floor((309 − 12) / 3) + 1
        assertEquals(100, d.size());
        // the file's first two values are 5.0 and 11.0 (years 1700, 1701); center and scale as stored in the JSON
        double center = 44.16169355425142;
        double scale = 34.67291327896188;
        assertEquals((5.0 - center) / scale, d.input(0, 0, 0), TestData.FLOAT_TOL);
        assertEquals((11.0 - center) / scale, d.input(0, 1, 0), TestData.FLOAT_TOL);
    }

    @Test
    void longClassificationSchemaOfRelease1() throws IOException {
        assertReadsAsRelease1Printed("schema-long-format1.json", "data: lab.csv, 36 rows",
                "layout: long, 12 sequences by \"id\", ordered by \"t\" (3 steps each)",
                "features (1): x",
                "target: label (classification, 2 classes: down, up, output last)",
                "split: 10 training sequences, 2 validation sequences (validation = a seeded random 20%, stratified"
                        + " by class)",
                "normalisation: minmax, fitted on 30 training rows; missing values: error");
    }

    @Test
    void wideSchemaOfRelease1() throws IOException {
        assertReadsAsRelease1Printed("schema-wide-format1.json", "data: wide.csv, 10 rows",
                "layout: wide, 10 rows, each a sequence of 3 steps of 2 features",
                "features (6): a0, a1, a2, b0, b1, b2 (2 per step)",
                "target: y (regression, output last)",
                "split: 8 training rows, 2 validation rows (validation = a seeded random 20%)",
                "normalisation: zscore, fitted on 8 training rows; missing values: error");
    }
}
