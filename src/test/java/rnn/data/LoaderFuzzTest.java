package rnn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import rnn.random.Rng;

/**
 * {@value #CASES} seeded random mutations of valid CSV files (byte flips, truncations, inserted quotes and
 * delimiters, swapped columns, deleted or repeated lines, bad values) through the loader and, when they load,
 * through every batch: each must either load or fail with a {@link DataException} (exit code 2 or 3) — never
 * another exception. The work is bounded by construction, not by a clock: {@value #CASES} cases of at most three
 * mutations, each adding at most one line or a few bytes (so a file stays under {@value #MAX_GROWTH} times its
 * seed, checked), and a loaded data set must give exactly its batches per epoch (counted, so an iterator that
 * never ends fails instead of hanging).
 */
class LoaderFuzzTest {

    private static final int CASES = 5_000;
    private static final long SEED = 20_240_601L;
    private static final int MAX_GROWTH = 3;
    private static final byte[] INTERESTING = {'"', ',', '\n', '\r', ';', ' ', '.', 'e', '-', '0', '9', 0,
        (byte) 0xFF, (byte) 0xC3, (byte) 0xEF, 'N', 'a'};

    @TempDir
    Path dir;

    /** A valid file and options it loads with. */
    private record Seed(String name, byte[] content, DataOptions options) {
    }

    private static List<Seed> seeds() {
        List<Seed> seeds = new ArrayList<>();
        Rng rng = new Rng(1);
        StringBuilder window = new StringBuilder("t,x,z,y\n");
        for (int r = 0; r < 30; r++) {
            window.append(r).append(',').append(fmt(rng.nextGaussian())).append(',').append(fmt(rng.nextGaussian()))
                    .append(',').append(fmt(rng.nextGaussian())).append('\n');
        }
        seeds.add(new Seed("window", bytes(window), DataOptions.defaults(1).withTime("t").withWindow(3, 1, 1)));
        StringBuilder longer = new StringBuilder("id,t,x,y\n");
        for (int r = 0; r < 30; r++) {
            longer.append("s").append(rng.nextInt(6)).append(",2024-01-").append(String.format("%02d", r + 1))
                    .append(',').append(fmt(rng.nextGaussian())).append(',').append(fmt(rng.nextGaussian()))
                    .append('\n');
        }
        seeds.add(new Seed("long", bytes(longer), DataOptions.defaults(2).withId("id").withTime("t")
                .withOutput(TargetMode.SEQUENCE)));
        StringBuilder wide = new StringBuilder("name,a0,b0,a1,b1,y\r\n");
        for (int r = 0; r < 12; r++) {
            wide.append("\"row ").append(r).append("\"");
            for (int c = 0; c < 5; c++) {
                wide.append(',').append(fmt(rng.nextGaussian()));
            }
            wide.append("\r\n");
        }
        seeds.add(new Seed("wide", bytes(wide), DataOptions.defaults(3).withLayout(TestData.layout("wide"), 2)));
        StringBuilder labels = new StringBuilder("id,x,label\n");
        for (int r = 0; r < 40; r++) {
            labels.append("q").append(r % 10).append(',').append(fmt(rng.nextGaussian())).append(',')
                    .append(r % 3 == 0 ? "cat" : "dog").append('\n');
        }
        seeds.add(new Seed("labels", bytes(labels), DataOptions.defaults(4).withId("id").withClassification(true)));
        try {
            seeds.add(new Seed("sunspots", Files.readAllBytes(TestData.resource("sunspots_yearly.csv")),
                    DataOptions.defaults(5).withTime("year").withWindow(10, 2, 1)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return seeds;
    }

    @Test
    void mutatedFilesLoadOrFailWithADataError() {
        List<Seed> seeds = seeds();
        for (Seed s : seeds) {
            DataLoader.load(TestData.bytes(dir, "seed-" + s.name() + ".csv", s.content()), s.options());
        }
        int[] outcome = new int[2];
        Rng rng = new Rng(SEED);
        Path file = dir.resolve("fuzz.csv");
        MissingPolicy[] policies = MissingPolicy.values();
        for (int i = 0; i < CASES; i++) {
            Seed s = seeds.get(rng.nextInt(seeds.size()));
            byte[] content = s.content();
            int mutations = 1 + rng.nextInt(3);
            for (int m = 0; m < mutations; m++) {
                content = mutate(content, rng);
            }
            assertTrue(content.length <= MAX_GROWTH * s.content().length, "case " + i + ": "
                    + content.length + " bytes from a seed of " + s.content().length);
            DataOptions options = s.options().withMissing(policies[rng.nextInt(policies.length)]);
            write(file, content);
            try {
                LoadedData d = DataLoader.load(file, options);
                drain(d.train());
                if (d.validation() != null) {
                    drain(d.validation());
                }
                d.schema().describe();
                d.schema().toJson();
                outcome[0]++;
            } catch (DataException e) {
                assertTrue(e.exitCode() == 2 || e.exitCode() == 3, e.getMessage());
                assertTrue(!e.getMessage().contains("\n") && !e.getMessage().contains("\r"),
                        "one line: " + e.getMessage());
                outcome[1]++;
            } catch (Throwable t) {
                fail("case " + i + " (seed file " + s.name() + ", " + options.missing().cliName() + "): "
                        + t + "\n" + new String(content, StandardCharsets.ISO_8859_1), t);
            }
        }
        System.out.printf("fuzz: %d cases, %d loaded, %d data errors%n", CASES, outcome[0], outcome[1]);
        assertTrue(outcome[0] > CASES / 20, "some mutations must still load: " + outcome[0]);
        assertTrue(outcome[1] > CASES / 20, "some mutations must be rejected: " + outcome[1]);
    }

    private static void write(Path file, byte[] content) {
        try {
            Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every batch of an epoch, checked finite; exactly ceil(size / 7) of them (an endless iterator fails). */
    private static void drain(Dataset d) {
        Batch batch = d.newBatch(7);
        BatchIterator it = d.batches(7, new Rng(1));
        int expected = (d.size() + 6) / 7;
        int batches = 0;
        while (it.next(batch)) {
            if (++batches > expected) {
                fail("more than " + expected + " batches of 7 from " + d.size() + " examples");
            }
            for (int i = 0; i < batch.size() * batch.steps() * batch.inputs(); i++) {
                if (!Double.isFinite(batch.x()[i])) {
                    fail("a loaded batch holds a non-finite input");
                }
            }
        }
        assertEquals(expected, batches, "batches of 7 from " + d.size() + " examples");
    }

    static byte[] mutate(byte[] in, Rng rng) {
        int n = in.length;
        int at = n == 0 ? 0 : rng.nextInt(n + 1);
        switch (rng.nextInt(9)) {
            case 0: { // flip a byte
                if (n == 0) {
                    return in;
                }
                byte[] out = in.clone();
                int p = rng.nextInt(n);
                out[p] = rng.nextInt(2) == 0 ? (byte) rng.nextInt(256) : INTERESTING[rng.nextInt(INTERESTING.length)];
                return out;
            }
            case 1: // truncate
                return Arrays.copyOf(in, at);
            case 2: // insert a quote
                return insert(in, at, new byte[] {'"'});
            case 3: // insert a delimiter
                return insert(in, at, new byte[] {','});
            case 4: // swap two columns in every line, or in one line
                return swapColumns(in, rng);
            case 5: { // delete or repeat a line
                List<String> lines = lines(in);
                if (lines.isEmpty()) {
                    return in;
                }
                int l = rng.nextInt(lines.size());
                if (rng.nextInt(2) == 0) {
                    lines.remove(l);
                } else {
                    lines.add(l, lines.get(l));
                }
                return join(lines);
            }
            case 6: { // a bad value in a random field
                String[] bad = {"", "NaN", "abc", "1e999", "-inf", "1,5", "\"\"", " ", "1.2.3", "2024-13-45"};
                return replaceField(in, rng, bad[rng.nextInt(bad.length)]);
            }
            case 7: // insert a line break or a blank line
                return insert(in, at, rng.nextInt(2) == 0 ? new byte[] {'\n'} : new byte[] {'\r', '\n', '\n'});
            default: { // insert random bytes
                byte[] noise = new byte[1 + rng.nextInt(4)];
                for (int i = 0; i < noise.length; i++) {
                    noise[i] = (byte) rng.nextInt(256);
                }
                return insert(in, at, noise);
            }
        }
    }

    private static byte[] insert(byte[] in, int at, byte[] what) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length + what.length);
        out.write(in, 0, at);
        out.write(what, 0, what.length);
        out.write(in, at, in.length - at);
        return out.toByteArray();
    }

    private static List<String> lines(byte[] in) {
        return new ArrayList<>(Arrays.asList(new String(in, StandardCharsets.ISO_8859_1).split("\n", -1)));
    }

    private static byte[] join(List<String> lines) {
        return String.join("\n", lines).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] swapColumns(byte[] in, Rng rng) {
        List<String> lines = lines(in);
        int width = lines.get(0).split(",", -1).length;
        if (width < 2) {
            return in;
        }
        int a = rng.nextInt(width);
        int b = rng.nextInt(width);
        boolean one = rng.nextInt(3) == 0;
        int only = rng.nextInt(lines.size());
        for (int l = 0; l < lines.size(); l++) {
            if (one && l != only) {
                continue;
            }
            String[] f = lines.get(l).split(",", -1);
            if (a < f.length && b < f.length) {
                String t = f[a];
                f[a] = f[b];
                f[b] = t;
                lines.set(l, String.join(",", f));
            }
        }
        return join(lines);
    }

    private static byte[] replaceField(byte[] in, Rng rng, String value) {
        List<String> lines = lines(in);
        int l = rng.nextInt(lines.size());
        String[] f = lines.get(l).split(",", -1);
        f[rng.nextInt(f.length)] = value;
        lines.set(l, String.join(",", f));
        return join(lines);
    }

    private static byte[] bytes(StringBuilder b) {
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%.3f", v);
    }
}
