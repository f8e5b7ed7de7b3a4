package rnn.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Small data and an in-process runner for the sweep's tests. */
final class SweepFixture {

    static final ObjectMapper JSON = new ObjectMapper();

    private SweepFixture() {
    }

    /** What {@code rnn ARGS} printed and returned, run in this JVM. */
    record Result(int code, String out, String err) {
        String lastErrLine() {
            String[] lines = err.strip().split("\n");
            return lines[lines.length - 1];
        }
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(code, out.toString(), err.toString());
    }

    /** A noisy-free sine series of {@code rows} rows (columns t, value), which a small GRU learns in a few epochs. */
    static Path sine(Path dir, int rows) throws IOException {
        StringBuilder b = new StringBuilder("t,value\n");
        for (int i = 0; i < rows; i++) {
            b.append(i).append(',').append(String.format(Locale.ROOT, "%.6f", Math.sin(i * 0.3))).append('\n');
        }
        Path f = dir.resolve("sine.csv");
        Files.writeString(f, b.toString());
        return f;
    }

    /** {@code rnn sweep --out DIR ARGS... DATA} as an argument array. */
    static String[] sweep(Path dir, Path data, String... args) {
        List<String> a = new ArrayList<>(List.of("sweep", "--out", dir.toString()));
        a.addAll(List.of(args));
        a.add(data.toString());
        return a.toArray(String[]::new);
    }

    static JsonNode json(Path file) throws IOException {
        return JSON.readTree(Files.readString(file));
    }

    /** The records of a CSV file without its header (read by Commons CSV: quoted fields hold commas). */
    static List<String[]> csvRows(Path file) throws IOException {
        List<String[]> rows = new ArrayList<>();
        try (var parser = org.apache.commons.csv.CSVFormat.DEFAULT.parse(Files.newBufferedReader(file))) {
            boolean header = true;
            for (var record : parser) {
                if (!header) {
                    rows.add(record.values());
                }
                header = false;
            }
        }
        return rows;
    }
}
