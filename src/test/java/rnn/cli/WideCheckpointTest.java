package rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import rnn.io.Checkpoint;
import rnn.io.SafeTensors;
import rnn.random.Rng;

/**
 * A checkpoint the trainer writes always passes the reader's own validation, its limits included (issue #10):
 * 150,000 feature columns round-trip through train → predict (and read as --resume reads them) (the per-column statistics are tensors, so
 * the header holds only the column names), and the header limit holds exactly at {@link SafeTensors#MAX_HEADER_BYTES}.
 */
class WideCheckpointTest {

    private static final int COLUMNS = 150_000;

    @TempDir
    Path dir;

    @Test
    void aHundredAndFiftyThousandColumnsRoundTripThroughTrainAndPredict() throws IOException {
        Path csv = dir.resolve("wide.csv");
        Rng rng = new Rng(7);
        int rows = 8;
        try (BufferedWriter w = Files.newBufferedWriter(csv)) {
            for (int c = 0; c < COLUMNS; c++) {
                w.write("c" + c + ",");
            }
            w.write("y\n");
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < COLUMNS; c++) {
                    w.write(String.format(Locale.ROOT, "%.2f,", rng.nextDouble()));
                }
                w.write(String.format(Locale.ROOT, "%.3f%n", rng.nextDouble()));
            }
        }
        Path run = dir.resolve("run");
        UseFixture.train(csv, run, "hidden", "1", "epochs", "1", "window", "2", "horizon", "1", "val-split", "0",
                "target", "y", "cell", "rnn");
        Path best = run.resolve("best.safetensors");
        long header = headerLength(best);
        assertTrue(header < 8L * COLUMNS * 4, "the header holds names, not statistics: " + header + " bytes");
        Checkpoint c = Checkpoint.read(best);
        assertEquals("3", c.metadata().get(Checkpoint.VERSION_KEY));
        assertEquals(Arrays.toString(new long[] {COLUMNS, 7}),
                Arrays.toString(c.tensor(Checkpoint.FEATURE_STATS).shape()), "one row per feature column");
        assertEquals(Arrays.toString(new long[] {1, 7}), Arrays.toString(c.tensor(Checkpoint.TARGET_STATS).shape()));

        UseFixture.Output p = UseFixture.run("predict", "--model", run.toString(), csv.toString());
        assertEquals(0, p.code(), p.err());
        assertEquals(rows - 2 + 1 + 1, p.out().lines().count(), "header, 6 windows and one forecast");
        assertTrue(!CheckpointFuzzTest.hasNonFiniteCell(p.out()), p.out());
        // what --resume reads from the checkpoint (the run itself is not resumed here: with 150,000 columns named
        // on its command line, data.ColumnPlan's name lookups take a minute, a matter of the CSV reader)
        Checkpoint last = Checkpoint.read(run.resolve("last.safetensors"));
        RunConfig stored = RunConfig.fromMetadata(last.metadata());
        assertEquals(COLUMNS, stored.data().features().size());
        assertEquals(1, rnn.train.TrainerState.fromMetadata(last.metadata()).epoch());
    }

    @Test
    void theHeaderLimitHoldsExactly() throws IOException {
        long limit = SafeTensors.MAX_HEADER_BYTES;
        Path at = dir.resolve("at-limit.safetensors");
        SafeTensors.write(at, java.util.List.of(), java.util.Map.of("pad", "x".repeat(padFor(limit))));
        assertEquals(limit, headerLength(at));
        assertEquals(padFor(limit), SafeTensors.read(at).metadata().get("pad").length(), "read at the limit");

        Path over = dir.resolve("over.safetensors");
        rnn.io.CheckpointException e = org.junit.jupiter.api.Assertions.assertThrows(
                rnn.io.CheckpointException.class, () -> SafeTensors.write(over, java.util.List.of(),
                        java.util.Map.of("pad", "x".repeat(padFor(limit) + 1))));
        assertEquals(over + ": the checkpoint's header would be " + (limit + 8) + " bytes, more than the " + limit
                + " a reader accepts, so it is not written (too many columns or classes: their names are stored in "
                + "it); use fewer columns", e.getMessage());
        assertTrue(!Files.exists(over));
        // a file whose header is one step over the limit (written by hand) is refused by the reader
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(limit + 8);
        try (FileChannel ch = FileChannel.open(over, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(b.flip());
            ch.truncate(limit + 16 + 8);
        }
        rnn.io.CheckpointException r = org.junit.jupiter.api.Assertions.assertThrows(
                rnn.io.CheckpointException.class, () -> SafeTensors.read(over));
        assertEquals(over + ": corrupt checkpoint: the header length is " + (limit + 8) + " bytes, expected 2 to "
                + limit + "; use another checkpoint (the run directory keeps the last few)", r.getMessage());
    }

    /**
     * The length of a metadata value that makes the header exactly {@code limit} bytes: the header is
     * {"__metadata__":{"pad":"…","sha256":"<64 hex>"}}.
     */
    private static int padFor(long limit) {
        String empty = "{\"__metadata__\":{\"pad\":\"\",\"sha256\":\"" + "0".repeat(64) + "\"}}";
        return (int) (limit - empty.length());
    }

    private static long headerLength(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file)) {
            ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(b, 0);
            return b.getLong(0);
        }
    }
}
