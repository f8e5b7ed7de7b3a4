package rnn.sweep;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import rnn.io.AtomicFiles;

/**
 * A whole sweep: the data, the options every trial shares (as {@code train} arguments, without the ones the sweep
 * sets per trial: {@code --out}, {@code --epochs}, {@code --threads}, {@code --resume}), the search, successive
 * halving (or null) and the epochs of a full trial. It is what {@code DIR/}{@value #FILE} records, so that running
 * the same command again continues the sweep and a different one is refused rather than mixed in.
 *
 * @param data    the training data, absolute
 * @param options the shared {@code train} arguments, in order (later ones win)
 * @param search  the grid or random search
 * @param halving successive halving, or null
 * @param epochs  the epochs of a trial that runs to the end
 */
public record SweepSpec(Path data, List<String> options, SearchSpace search, Halving halving, int epochs) {

    /** The sweep's record in its directory. */
    public static final String FILE = "sweep.json";
    private static final String FORMAT = "rnn-sweep";
    private static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public SweepSpec {
        options = List.copyOf(options);
    }

    /** The trials, index 0 first. */
    public List<Trial> trials() {
        return search.trials();
    }

    /** The spec and its trials as sweep.json holds them. */
    public ObjectNode toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        root.set("spec", specJson());
        var trials = root.putArray("trials");
        for (Trial t : trials()) {
            ObjectNode o = trials.addObject();
            o.put("index", t.index());
            o.put("id", t.id());
            ObjectNode v = o.putObject("options");
            t.values().forEach(v::put);
        }
        return root;
    }

    private ObjectNode specJson() {
        ObjectNode s = JSON.createObjectNode();
        s.put("data", data.toString());
        options.forEach(s.putArray("options")::add);
        s.setAll((ObjectNode) search.toJson());
        s.put("epochs", epochs);
        if (halving != null) {
            ObjectNode h = s.putObject("halving");
            h.put("min_epochs", halving.minEpochs());
            h.put("eta", halving.eta());
        }
        return s;
    }

    /**
     * Records this sweep in {@code dir/sweep.json}, or checks that the sweep recorded there is this one. The
     * caller holds the sweep's lock ({@link SweepLock}).
     *
     * @throws SweepException exit code 2 when the directory holds another sweep (naming the first difference) or
     *                        files of something else; 4 when it cannot be written
     */
    public void recordIn(Path dir) {
        Path file = dir.resolve(FILE);
        try {
            if (Files.isRegularFile(file)) {
                requireSame(file, readSpec(file));
                return;
            }
            if (Files.isDirectory(dir) && !isEmpty(dir)) {
                throw SweepException.usage("{{out}} " + dir + ": not empty and holds no " + FILE + " (not a sweep's "
                        + "directory); choose an empty or new {{out}}");
            }
            Files.createDirectories(dir);
            AtomicFiles.write(file, JSON.writeValueAsString(toJson()) + "\n");
        } catch (IOException e) {
            throw SweepException.io("{{out}} " + dir + ": cannot write " + FILE + " (" + e.getMessage()
                    + "); choose a writable {{out}}");
        }
    }

    private void requireSame(Path file, JsonNode recorded) throws IOException {
        JsonNode now = JSON.readTree(JSON.writeValueAsString(specJson())); // numbers typed as a reader types them
        if (recorded.equals(now)) {
            return;
        }
        throw SweepException.usage(file + ": this directory holds a different sweep (" + firstDifference(recorded,
                now) + "); run the original command again to continue it, or choose another {{out}}");
    }

    private static JsonNode readSpec(Path file) throws IOException {
        if (Files.size(file) > SweepLimits.MAX_SPEC_BYTES * 64) {
            throw SweepException.usage(file + ": larger than a sweep's record can be; choose another {{out}}");
        }
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw SweepException.usage(file + ": not a readable sweep record (" + e.getMessage().lines().findFirst()
                    .orElse("") + "); choose another {{out}}");
        }
        if (root == null || !FORMAT.equals(root.path("format").asText()) || !root.path("spec").isObject()) {
            throw SweepException.usage(file + ": not a sweep record (expected \"format\": \"" + FORMAT
                    + "\"); choose another {{out}}");
        }
        if (root.path("version").asInt() != VERSION) {
            throw SweepException.usage(file + ": a sweep record of version " + root.path("version").asText()
                    + ", expected " + VERSION + "; choose another {{out}}");
        }
        return root.get("spec");
    }

    /** "options: was [...], now [...]" for the first field that differs. */
    private static String firstDifference(JsonNode was, JsonNode now) {
        List<String> names = new ArrayList<>();
        was.fieldNames().forEachRemaining(names::add);
        for (Iterator<String> it = now.fieldNames(); it.hasNext(); ) {
            String n = it.next();
            if (!names.contains(n)) {
                names.add(n);
            }
        }
        for (String n : names) {
            JsonNode a = was.get(n);
            JsonNode b = now.get(n);
            if (a == null || !a.equals(b)) {
                return n + " was " + show(a) + ", now " + show(b);
            }
        }
        return "the records differ";
    }

    private static String show(JsonNode n) {
        String s = n == null ? "(not set)" : n.toString();
        return s.length() <= 120 ? s : s.substring(0, 117) + "...";
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.noneMatch(p -> !p.getFileName().toString().equals(SweepLock.FILE_NAME));
        }
    }
}
