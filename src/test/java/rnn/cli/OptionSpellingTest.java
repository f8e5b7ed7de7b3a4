package rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import rnn.optim.GradientClipping;
import rnn.optim.LrSchedule;
import rnn.optim.OptimizerSettings;

/**
 * Messages built below the command line name options by their field ({@code {{window}}}, see
 * {@link rnn.option.OptionRef}); the command line spells them as flags. The data layer's tests assert the
 * field form; here each of those messages is asserted as a user reads it, with its flags, through a child JVM
 * ({@code rnn train} on a small file), and the messages no command line can reach through the renderer itself.
 */
class OptionSpellingTest {

    @TempDir
    Path dir;

    private static String usage(String message) {
        return "rnn: " + message + " (see 'rnn train --help')";
    }

    private static String data(String message) {
        return "error: " + message;
    }

    private static Arguments train(String file, String csv, String expected, String... flags) {
        return Arguments.of(file, csv, expected, List.of(flags));
    }

    /**
     * File, contents, the last stderr line, the flags: the same file and options as the case of that file name in
     * BadInputTest (prices.csv: ClassificationTest), which asserts the message in field form.
     */
    static Stream<Arguments> dataMessages() {
        String[] small = {"--window", "1", "--horizon", "1", "--val-split", "0"};
        return Stream.of(
                train("semi.csv", "day;temp;sales\n1;2;3\n", usage("--target: expected a column of semi.csv "
                        + "(day;temp;sales) or a 0-based index, got \"sales\"; the header has a single column: is the "
                        + "delimiter \";\"? use --delimiter"), "--target", "sales"),
                train("sales.csv", "day,temp,sales\n1,2,3\n", usage("--features: expected a 0-based column index "
                        + "below 3 (sales.csv has 3 columns), got 3; indexes count from 0"), "--features", "1,3"),
                train("text.csv", "name,x,y\nann,1,2\nbob,3,4\n", usage("--categorical: expected a column of "
                        + "repeated categories (at most 100000 levels and at most half the training rows), got \"name\" "
                        + "with 2 distinct values in 2 training rows; if it names the series, give it as --id; else "
                        + "leave it out with --features"), with(small, "--features", "name,x")),
                train("text.csv", "name,x,y\nann,1,2\nbob,3,4\n", data("text.csv:2:1 (column \"name\"): expected a "
                        + "number (a regression target), got \"ann\"; name a numeric --target, or use --loss xent for "
                        + "class labels"), with(small, "--target", "name")),
                train("few.csv", "a,b,c\n1,2,3\n4,5\n", data("few.csv:3: expected 3 fields as in the header, got 2; "
                        + "add the missing field or check --delimiter"), small),
                train("baddate.csv", "t,x,y\n2024-01-01,1,1\n31/01/2024,2,2\n", data("baddate.csv:3:1 (column \"t\"):"
                        + " expected a number or an ISO-8601 date/time such as 2024-01-31 or 2024-01-31T12:00, got "
                        + "\"31/01/2024\"; fix the value or use --missing drop"), with(small, "--time", "t")),
                train("short.csv", "x\n1\n2\n3\n", data("short.csv: expected at least --window + --horizon = 21 "
                        + "rows, got 3; lower --window or --horizon, or add rows"), "--val-split", "0"),
                train("few-windows.csv", "x\n1\n2\n3\n4\n", data("few-windows.csv: expected at least 1 training "
                        + "window with --val-split 0.5, got 0 of 1 window; lower --val-split, or add data"),
                        "--window", "3", "--horizon", "1", "--val-split", "0.5"),
                train("few-seqs.csv", "id,x,y\nA,1,1\nB,2,2\n", data("few-seqs.csv: expected at least 1 validation "
                        + "sequence with --val-split 0.2, got 0 of 2 sequences; raise --val-split, or use --val FILE, "
                        + "or --val-split 0 for none"), "--id", "id", "--val-split", "0.2"),
                train("wide.csv", "a0,b0,a1,b1,c,y\n1,2,3,4,5,6\n", usage("--steps: expected a divisor of the number "
                        + "of feature columns (each row holds T×F values, step-major), got 2 for 5 feature columns "
                        + "(a0, b0, a1, b1, c); name T×F columns with --features or change --steps"),
                        "--layout", "wide", "--steps", "2", "--val-split", "0"),
                train("cols.csv", "id,t,x,y\nA,1,1,1\n", usage("--features: expected columns other than the --time "
                        + "column, got \"t\"; the time column is never a feature; remove it from --features"),
                        with(small, "--time", "t", "--features", "x,t")),
                train("cols.csv", "id,t,x,y\nA,1,1,1\n", usage("--target: expected a column other than the --id "
                        + "column, got \"id\""), "--id", "id", "--target", "id", "--val-split", "0"),
                train("last-time.csv", "x,t\n1,1\n", usage("--target: expected a target column, got the default, the "
                        + "last column \"t\", which is the --time column; name the target with --target"),
                        with(small, "--time", "t")),
                train("labels.csv", "name,label\nann,a\nbob,b\n", usage("--features: expected at least one numeric "
                        + "or text column besides the target, id and time columns, got none in labels.csv (ignored: "
                        + "\"name\" (text with 2 distinct values in the 2 training rows: not a category; name it with "
                        + "--categorical to embed it)); name the feature columns with --features"),
                        with(small, "--loss", "xent")),
                train("ffill-first.csv", "x,y\n,1\n2,2\n3,3\n", data("ffill-first.csv:2:1 (column \"x\"): expected "
                        + "an earlier value to carry forward (--missing ffill), got a missing value on the first row "
                        + "of the series; fix the value or use --missing drop"),
                        with(small, "--features", "x", "--missing", "ffill")),
                train("all-missing.csv", "x,y\n,1\nNaN,2\n", data("all-missing.csv: expected at least one row "
                        + "without missing values, got none of 2 (all dropped by --missing drop); fix the values or "
                        + "use --missing ffill"), with(small, "--features", "x", "--missing", "drop")),
                train("gaps.csv", "x,y\n1,1\n,2\n3,3\n,4\n5,5\n", data("gaps.csv: expected a window of --window + "
                        + "--horizon = 3 consecutive rows without a dropped row, got none (2 rows dropped by --missing "
                        + "drop); fix the values, lower --window, or use --missing ffill"),
                        "--window", "2", "--horizon", "1", "--val-split", "0", "--missing", "drop"),
                train("one-class.csv", "id,x,label\nA,1,cat\nB,2,cat\n", data("one-class.csv: expected at least 2 "
                        + "classes in the target column \"label\" with --loss xent, got 1 (cat); check --target, or "
                        + "use a regression loss"), "--id", "id", "--loss", "xent", "--val-split", "0"),
                train("prices.csv", "id,x,price\nA,1,10\nB,2,9.75\nC,3,2\n", usage("--loss xent: expected class "
                        + "labels (text or whole numbers) in the target column \"price\", got the number \"9.75\" on "
                        + "prices.csv:3; use --loss mse, mae or huber for a numeric target"),
                        "--id", "id", "--loss", "xent", "--val-split", "0"));
    }

    private static String[] with(String[] first, String... more) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("dataMessages")
    void dataMessagesNameTheirFlags(String file, String csv, String expected, List<String> flags) throws Exception {
        Files.writeString(dir.resolve(file), csv);
        List<String> args = new ArrayList<>(List.of("train", "--out", "run"));
        args.addAll(flags);
        args.add(file);
        Cli.Result r = Cli.run(dir, args.toArray(String[]::new));
        r.assertError(expected.startsWith("rnn: ") ? 2 : 3, expected);
    }

    private static String rendered(Executable below) {
        return TrainOptions.render(assertThrows(IllegalArgumentException.class, below).getMessage());
    }

    /**
     * Messages of the optimizer layer that {@code rnn train}'s own checks pre-empt, each rendered as the command
     * line would print it (GradientClippingTest, LrScheduleTest, OptimizerSettingsTest assert the field form).
     */
    @Test
    void optimizerMessagesAreSpelledAsFlags() {
        assertEquals("--clip-norm: expected a non-negative number, got -1.0", rendered(() -> GradientClipping
                .clipByGlobalNorm(null, -1)));
        assertEquals("--lr-schedule: expected one of constant, step, cosine, plateau, got \"exp\"",
                rendered(() -> LrSchedule.of("exp", 0.1, 3)));
        assertEquals("--nesterov: expected --momentum > 0, got 0.0", rendered(() -> OptimizerSettings
                .defaults(OptimizerSettings.Kind.SGD).withNesterov(true)));
        assertEquals("--weight-decay: expected a non-negative number, got -1.0", rendered(() -> OptimizerSettings
                .defaults(OptimizerSettings.Kind.ADAM).withWeightDecay(-1)));
    }

    /** A field no rnn command has a flag for stays its field name; two options in one message are both spelled. */
    @Test
    void theRendererSpellsEveryReferenceAndLeavesUnknownFieldsBare() {
        assertEquals("beta1: expected a value in [0, 1), got 1.0", TrainOptions.render("{{beta1}}: expected a value "
                + "in [0, 1), got 1.0"));
        assertEquals("--target, --val, --val-split, --clip-norm and --schema", TrainOptions.render("{{targets}}, "
                + "{{val_file}}, {{val_split}}, {{clip_norm}} and {{schema}}"));
    }
}
