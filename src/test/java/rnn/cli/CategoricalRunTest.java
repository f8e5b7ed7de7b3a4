package rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import rnn.data.CategoricalColumn;
import rnn.io.Checkpoint;
import rnn.io.CheckpointException;
import rnn.io.SafeTensors;
import rnn.testing.StoreSales;

/**
 * Categorical columns from the command line to the checkpoint and back ({@link StoreSales}: a text column "store",
 * a whole-number column "dow"): found automatically and said in "what was understood", named by
 * {@code --categorical} (also a numeric column) or by {@code --features}; {@code --cat-dim}; the levels and tables
 * in config.json, the checkpoint and {@code rnn inspect}; an unseen value in predict and eval read as {@code <unk>}
 * with one warning counting it; every refusal with its exit code and message.
 */
class CategoricalRunTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory N = JsonNodeFactory.instance;
    private static final List<String> STORES = List.of("s0", "s1", "s2", "s3", "s4", "s5");

    @TempDir
    static Path dir;
    static Path csv;
    static UseFixture.Run auto;

    @BeforeAll
    static void trainOnce() throws IOException {
        csv = StoreSales.write(dir.resolve("stores.csv"), 30, 3);
        auto = UseFixture.train(csv, dir.resolve("auto"), longLayout("hidden", "4", "epochs", "1"));
    }

    /** The long layout over {@link StoreSales} with a target at every step, then {@code more}. */
    static String[] longLayout(String... more) {
        List<String> a = new ArrayList<>(List.of("id", "seq", "time", "t", "target", "y", "output", "sequence"));
        a.addAll(List.of(more));
        return a.toArray(new String[0]);
    }

    @Test
    void aTextColumnIsCategoricalAutomaticallyAndSaidSo() throws IOException {
        assertEquals(List.of("x", "dow"), auto.data().contract().features());
        assertEquals(List.of(new CategoricalColumn("store", STORES)), auto.data().contract().categorical());
        assertEquals(2, auto.data().contract().inputs(), "the numeric features");
        assertEquals(3, auto.data().train().inputs(), "x, dow and the store's level index");
        assertTrue(auto.data().schema().describe().contains("categorical (1, embedded; a value not in the training "
                + "rows or blank reads as <unk>): store (6 levels)"), auto.data().schema().describe().toString());
        JsonNode config = JSON.readTree(Files.readString(auto.dir().resolve("config.json")));
        assertEquals("[\"store\"]", config.at("/data/categorical").toString());
        assertEquals("[\"x\",\"dow\",\"store\"]", config.at("/data/features").toString(), "resolved for a resume");
        assertTrue(config.at("/model/cat_dim").isNull());
        assertEquals("[{\"column\":\"store\",\"levels\":6,\"dim\":3}]", config.at("/model/embeddings").toString());
        assertEquals("[\"s0\",\"s1\",\"s2\",\"s3\",\"s4\",\"s5\"]",
                config.at("/schema/contract/categorical/0/levels").toString());
        SafeTensors.Contents c = SafeTensors.read(auto.dir().resolve("last.safetensors"));
        assertEquals("[7, 3]", java.util.Arrays.toString(c.tensor("inputs.store.weight").shape()));
        assertEquals("[12, 5]", java.util.Arrays.toString(c.tensor("layers.0.weight_ih_l0").shape()),
                "the first layer reads x, dow and 3 embedding values");
        assertEquals("inputs.store.weight", c.tensors().get(0).name(), "the table comes first");

        UseFixture.Output inspect = UseFixture.run("inspect", auto.dir().resolve("last.safetensors").toString());
        assertEquals(0, inspect.code(), inspect.err());
        assertTrue(inspect.out().contains("categorical   store: 6 levels + <unk>, embedding dim 3"), inspect.out());
        assertTrue(inspect.out().contains("inputs.store = nn.Embedding(7, 3) (row 0: <unk>; row k: level k)"),
                inspect.out());
        assertTrue(inspect.out().contains("pytorch       loads into torch.nn modules named 'inputs' (nn.ModuleDict of "
                + "nn.Embedding by column), 'layers' (nn.ModuleList) and 'head' with load_state_dict"), inspect.out());
        UseFixture.Output json = UseFixture.run("inspect", "--json", auto.dir().resolve("last.safetensors").toString());
        assertEquals("[{\"column\":\"store\",\"levels\":6,\"dim\":3}]",
                JSON.readTree(json.out()).at("/model/categorical").toString());
    }

    @Test
    void theFlagMakesEvenANumericColumnCategoricalWithTheGivenWidth() throws IOException {
        UseFixture.Run r = UseFixture.train(csv, dir.resolve("flag"), longLayout("hidden", "3", "epochs", "1",
                "categorical", "dow", "cat-dim", "5"));
        assertEquals(List.of("x"), r.data().contract().features());
        assertEquals(List.of(new CategoricalColumn("dow", List.of("0", "1", "2", "3", "4", "5", "6")),
                new CategoricalColumn("store", STORES)), r.data().contract().categorical(), "in header order");
        SafeTensors.Contents c = SafeTensors.read(r.dir().resolve("last.safetensors"));
        assertEquals("[8, 5]", java.util.Arrays.toString(c.tensor("inputs.dow.weight").shape()));
        assertEquals("[7, 5]", java.util.Arrays.toString(c.tensor("inputs.store.weight").shape()));
        assertEquals("[9, 11]", java.util.Arrays.toString(c.tensor("layers.0.weight_ih_l0").shape()));
        assertEquals(5, JSON.readTree(Files.readString(r.dir().resolve("config.json"))).at("/model/cat_dim").asInt());
        UseFixture.Output o = UseFixture.run("predict", "--quiet", "--model", r.dir().toString(), csv.toString());
        assertEquals(0, o.code(), o.err());
    }

    @Test
    void aTextColumnNamedByFeaturesIsCategorical() throws IOException {
        UseFixture.Run r = UseFixture.train(csv, dir.resolve("features"), longLayout("hidden", "3", "epochs", "1",
                "features", "x,store"));
        assertEquals(List.of("x"), r.data().contract().features());
        assertEquals(List.of("store"), r.data().contract().categorical().stream().map(CategoricalColumn::column)
                .toList());
    }

    /**
     * A store training never saw reads as {@code <unk>}, exactly as a blank does (the same predictions), and
     * differently from a known store; predict and eval warn once with the count of such rows.
     */
    @Test
    void anUnseenValueIsUnkWithOneWarningCountingIt() throws IOException {
        Path unseen = StoreSales.write(dir.resolve("unseen.csv"), 12, 3, q -> q % 6 == 0 ? "s9" : "s" + q % 6);
        Path blank = StoreSales.write(dir.resolve("blank.csv"), 12, 3, q -> q % 6 == 0 ? "" : "s" + q % 6);
        Path known = StoreSales.write(dir.resolve("known.csv"), 12, 3);
        String model = auto.dir().resolve("last.safetensors").toString();
        String warning = "warn: " + unseen + ": values training never saw, read as <unk>: \"store\" 16 rows";
        try (LogCapture log = new LogCapture()) {
            UseFixture.Output a = UseFixture.run("predict", "--model", model, unseen.toString());
            assertEquals(0, a.code(), a.err());
            assertEquals(1, log.text().lines().filter(l -> l.equals(warning)).count(), log.text());
            assertEquals(1, log.text().lines().filter(l -> l.contains("never saw")).count(), log.text());
            UseFixture.Output b = UseFixture.run("predict", "--model", model, blank.toString());
            UseFixture.Output k = UseFixture.run("predict", "--model", model, known.toString());
            assertEquals(a.out(), b.out(), "an unseen store and a blank are both <unk>");
            assertNotEquals(a.out(), k.out());
            assertEquals(1, log.text().lines().filter(l -> l.contains("never saw")).count(),
                    "a blank is no unseen value: " + log.text());
        }
        try (LogCapture log = new LogCapture()) {
            UseFixture.Output e = UseFixture.run("eval", "--model", model, unseen.toString());
            assertEquals(0, e.code(), e.err());
            assertEquals(1, log.text().lines().filter(l -> l.equals(warning)).count(), log.text());
        }
    }

    @Test
    void badFlagsAreExitTwoNamingTheFlag() throws IOException {
        assertUsage("rnn: --categorical: expected a column of " + csv + " (seq, t, x, dow, store, y) or a 0-based "
                + "index, got \"nope\"; check the spelling (names are case-sensitive)", "--categorical", "nope");
        assertUsage("rnn: --categorical: expected input columns, not the target column, got \"y\"; remove it from "
                + "--categorical", "--categorical", "y");
        assertUsage("rnn: --categorical: expected input columns, not the --id column, got \"seq\"; remove it from "
                + "--categorical", "--categorical", "seq");
        assertUsage("rnn: --categorical: expected input columns, not the --time column, got \"t\"; remove it from "
                + "--categorical", "--categorical", "t");
        assertUsage("rnn: --cat-dim: expected a whole number from 1 to 1024, got 0; leave --cat-dim out for min(16, "
                + "levels/2 rounded up) per column", "--cat-dim", "0");
        assertUsage("rnn: --cat-dim: expected a whole number from 1 to 1024 (or none: min(16, levels/2 rounded up) "
                + "per column), got 1025", "--cat-dim", "1025");
        assertUsage("rnn: --categorical: expected at least one column, got none; leave --categorical out to make "
                + "only text columns categorical", "--categorical", "");
    }

    /**
     * A column of (nearly) unique values is no category: named by {@code --categorical}, refused with what to do
     * instead; found by the default rule, left out (listed among the ignored columns), as a column of one value is.
     */
    @Test
    void aColumnWithTooManyLevelsIsRefused() throws IOException {
        Path names = dir.resolve("names.csv");
        StringBuilder sb = new StringBuilder("x,name,y\n");
        for (int r = 0; r < 40; r++) {
            sb.append(r % 5).append(",n").append(r % 25).append(',').append(r % 3).append('\n');
        }
        Files.writeString(names, sb.toString());
        UseFixture.Output o = UseFixture.run("train", "--window", "3", "--val-split", "0", "--epochs", "1",
                "--plot", "none", "--categorical", "name", "--out", dir.resolve("names").toString(),
                names.toString());
        assertEquals(2, o.code(), o.err());
        assertEquals("rnn: --categorical: expected a column of repeated categories (at most 100000 levels and at "
                + "most half the training rows), got \"name\" with 25 distinct values in 40 training rows; if it "
                + "names the series, give it as --id; else leave it out with --features (see 'rnn train --help')",
                o.err().strip());
        rnn.data.LoadedData d = rnn.data.DataLoader.load(names, rnn.data.DataOptions.builder(1).window(3).valSplit(0)
                .build());
        assertEquals(List.of(), d.contract().categorical());
        assertEquals(List.of("\"name\" (text with 25 distinct values in the 40 training rows: not a category; name "
                + "it with --categorical to embed it)"), d.schema().report().ignoredColumns());
        Files.writeString(names, sb.toString().replaceAll(",n[0-9]+,", ",same,"));
        d = rnn.data.DataLoader.load(names, rnn.data.DataOptions.builder(1).window(3).valSplit(0).build());
        assertEquals(List.of("\"name\" (text with a single value in the 40 training rows: not a category; name it "
                + "with --categorical to embed it)"), d.schema().report().ignoredColumns());
    }

    @Test
    void theWideLayoutTakesNoCategoricalColumn() {
        UseFixture.Output o = UseFixture.run("train", "--layout", "wide", "--steps", "1", "--categorical", "store",
                "--epochs", "1", csv.toString());
        assertEquals(2, o.code(), o.err());
        assertEquals("rnn: --categorical: expected no categorical columns with --layout wide (a row's steps lie "
                + "across its columns), got store; remove --categorical or use another layout (see 'rnn train "
                + "--help')", o.err().strip());
    }

    private static void assertUsage(String message, String... flags) {
        List<String> args = new ArrayList<>(List.of("train", "--id", "seq", "--time", "t", "--target", "y",
                "--epochs", "1", "--plot", "none", "--out", dir.resolve("refused").toString()));
        args.addAll(List.of(flags));
        args.add(csv.toString());
        UseFixture.Output o = UseFixture.run(args.toArray(new String[0]));
        assertEquals(2, o.code(), o.err());
        assertEquals(message + " (see 'rnn train --help')", o.err().strip());
    }

    /** Edited levels or tables: exit 4, one line naming the field, before anything is sized by them. */
    @Test
    void aHostileCheckpointIsExitFour() throws IOException {
        Path last = auto.dir().resolve("last.safetensors");
        ArrayNode unsorted = N.arrayNode().add("s1").add("s0").add("s2").add("s3").add("s4").add("s5");
        CheckpointTrustTest.assertInvalid(levels(last, unsorted, "unsorted"), csv,
                "schema.contract.categorical[0].levels[1] is \"s0\", expected a level after \"s1\" (sorted, no "
                        + "duplicates)");
        ArrayNode twice = N.arrayNode().add("s0").add("s0").add("s2").add("s3").add("s4").add("s5");
        CheckpointTrustTest.assertInvalid(levels(last, twice, "twice"), csv,
                "schema.contract.categorical[0].levels[1] is \"s0\", expected a level after \"s0\" (sorted, no "
                        + "duplicates)");
        ArrayNode fewer = N.arrayNode().add("s0").add("s1").add("s2").add("s3").add("s4");
        CheckpointTrustTest.assertInvalid(levels(last, fewer, "fewer"), csv,
                "schema.contract.categorical lists \"store\" with 5 levels (model.cat_dim gives it 3 values), "
                        + "expected the shape of tensor \"inputs.store.weight\" [7, 3] (levels + 1 for <unk>, dim)");
        ArrayNode none = N.arrayNode();
        CheckpointTrustTest.assertInvalid(levels(last, none, "none"), csv,
                "schema.contract.categorical[0].levels is 0 levels, expected 1 to 100000");
        ArrayNode number = N.arrayNode().add(1).add("s1").add("s2").add("s3").add("s4").add("s5");
        Path numberFile = levels(last, number, "number");
        CheckpointTrustTest.assertRefused(numberFile, csv, numberFile + ": its \"schema\" metadata is missing or "
                + "malformed, so the data layout is unknown (data schema: categorical column \"store\": level 0 is 1, "
                + "not a string)");
        ArrayNode many = N.arrayNode();
        for (int i = 0; i <= CategoricalColumn.MAX_LEVELS; i++) {
            many.add(String.format(java.util.Locale.ROOT, "v%06d", i));
        }
        Path manyFile = levels(last, many, "many");
        CheckpointTrustTest.assertRefused(manyFile, csv, manyFile + ": its \"schema\" metadata is missing or "
                + "malformed, so the data layout is unknown (data schema: categorical column \"store\": 100001 "
                + "levels, more than 100000)");
        Path noColumn = CheckpointEdit.of(last).json(Checkpoint.SCHEMA_KEY, "/contract/categorical", N.arrayNode())
                .write(dir.resolve("no-column.safetensors"));
        CheckpointTrustTest.assertInvalid(noColumn, csv, "schema.contract.categorical has no column for tensor "
                + "\"inputs.store.weight\", expected one entry per embedding table");
        Path asFeature = CheckpointEdit.of(last).json(Checkpoint.SCHEMA_KEY, "/contract/categorical/0/column",
                N.textNode("x")).write(dir.resolve("as-feature.safetensors"));
        CheckpointTrustTest.assertInvalid(asFeature, csv, "schema.contract.categorical[0].column is \"x\", expected "
                + "a column named once, and not as a feature, target, id or time column");
    }

    /** A width beyond the limit, or one the table does not have, in the model description: exit 4. */
    @Test
    void aHostileCatDimIsExitFour() throws IOException {
        Path last = auto.dir().resolve("last.safetensors");
        Path huge = CheckpointEdit.of(last).json("model", "/cat_dim", N.numberNode(1_000_000_000))
                .write(dir.resolve("huge-dim.safetensors"));
        UseFixture.Output o = UseFixture.run("predict", "--model", huge.toString(), csv.toString());
        assertEquals(4, o.code(), o.err());
        CheckpointException e = org.junit.jupiter.api.Assertions.assertThrows(CheckpointException.class,
                () -> ModelSource.open(huge, null, false));
        assertEquals(huge + ": its training configuration metadata is missing or malformed (model.cat_dim: expected "
                + "a whole number from 1 to 1024 (or none: min(16, levels/2 rounded up) per column), got 1000000000), "
                + "so the architecture is unknown", e.getMessage());
        Path four = CheckpointEdit.of(last).json("model", "/cat_dim", N.numberNode(4))
                .write(dir.resolve("four-dim.safetensors"));
        CheckpointTrustTest.assertInvalid(four, csv, "schema.contract.categorical lists \"store\" with 6 levels "
                + "(model.cat_dim gives it 4 values), expected the shape of tensor \"inputs.store.weight\" [7, 3] "
                + "(levels + 1 for <unk>, dim)");
    }

    private static Path levels(Path last, ArrayNode levels, String name) throws IOException {
        return CheckpointEdit.of(last).json(Checkpoint.SCHEMA_KEY, "/contract/categorical/0/levels", levels)
                .write(dir.resolve(name + ".safetensors"));
    }

    /**
     * A run's config.json repeats it as a {@code --config} file ({@code data.categorical}, {@code model.cat_dim}), a
     * resume may not change either, and {@code rnn train --resume} of a run with a categorical column continues it
     * (a child JVM, as a user runs it).
     */
    @Test
    void configFileAndResume() throws Exception {
        UseFixture.Run r = UseFixture.train(csv, dir.resolve("cfg"), longLayout("hidden", "3", "epochs", "1",
                "categorical", "dow", "cat-dim", "2"));
        List<String> args = ConfigFile.read(r.dir().resolve("config.json")).args();
        assertEquals("dow,store", args.get(args.indexOf("--categorical") + 1));
        assertEquals("2", args.get(args.indexOf("--cat-dim") + 1));
        Path empty = Files.writeString(dir.resolve("none.json"), "{\"data\": {\"categorical\": null}}");
        assertTrue(!ConfigFile.read(empty).args().contains("--categorical"));

        TrainCommand two = TrainCommand.parse(List.of("--cat-dim", "2", "--categorical", "dow"));
        TrainCommand four = TrainCommand.parse(List.of("--cat-dim", "4", "--categorical", "store"));
        rnn.train.TrainConfig a = two.config();
        rnn.train.TrainConfig b = four.config();
        assertEquals(List.of("--cat-dim: the run being resumed used \"2\", got \"4\"",
                "--categorical: the run being resumed used \"dow\", got \"store\""),
                TrainOptions.architectureDifferences(TrainOptions.flags(a, two.dataOptions(a)),
                        TrainOptions.flags(b, four.dataOptions(b))));

        Cli.Result first = Cli.run(dir, "train", "--id", "seq", "--time", "t", "--target", "y", "--output",
                "sequence", "--hidden", "3", "--epochs", "1", "--plot", "none", "--out", "resumed", csv.toString());
        assertEquals(0, first.code(), first.err());
        Cli.Result resumed = Cli.run(dir, "train", "--resume", "resumed", "--epochs", "2");
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.err().contains("resuming from resumed/last.safetensors: 1 epoch done"), resumed.err());
        Cli.Result changed = Cli.run(dir, "train", "--resume", "resumed", "--epochs", "3", "--cat-dim", "4");
        assertEquals(2, changed.code(), changed.err());
        assertTrue(changed.lastErrLine().contains("--cat-dim: the run being resumed used (not set), got \"4\""),
                changed.err());
    }
}
