package rnn.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import rnn.nn.Param;
import rnn.nn.Parameters;

/**
 * A checkpoint file (DESIGN §4): the model's parameters under their PyTorch names and shapes, the optimizer
 * state as {@code optim.<state>.<parameter>} tensors, and string metadata — the format name and version first,
 * then the run's description and the trainer's state (epoch, step, RNG state, best validation loss...).
 * Everything is F64, so a resumed run continues from exactly the same numbers.
 *
 * <p>The description, by format version ({@link #VERSION_KEY}):
 * <ul>
 * <li>3 (written now): as 2, but the schema's per-column normalisation statistics are tensors,
 * {@link #FEATURE_STATS} and {@link #TARGET_STATS} (one row of {@code rnn.data.ColumnStats.FIELDS} values per
 * column: center, scale, mean, std, min, max, count), and left out of the schema's JSON, so that the header stays
 * small however many columns there are. Like {@code optim.*}, {@code schema.*} tensors are not model weights.</li>
 * <li>2: {@link #MODEL_KEY}, {@link #TRAINING_KEY}, {@link #OUTPUT_KEY} and {@link #DATA_KEY}, JSON
 * objects in the project's own vocabulary ({@code rnn.train.ConfigJson}); {@link #SCHEMA_KEY}, the data schema;
 * {@link #INPUT_FILE_KEY}, {@link #INPUT_SHA256_KEY} and {@link #TOOL_VERSION_KEY}.</li>
 * <li>1 (the first release): {@link #OPTIONS_KEY}, a JSON map from command-line flag (without dashes) to the
 * text typed, with the data file under {@code data}; {@link #SCHEMA_KEY}, the input sha256 and tool version as
 * in version 2. Still read.</li>
 * </ul>
 */
public final class Checkpoint {

    /** The {@code format} metadata value of every checkpoint. */
    public static final String FORMAT = "rnn-checkpoint";
    /** The version this build writes, and the newest it reads. */
    public static final int FORMAT_VERSION = 3;
    /** Tensors whose names start with this hold the data schema's statistics (format 3), not weights. */
    public static final String SCHEMA_TENSOR_PREFIX = "schema.";
    /** Format 3: the feature columns' statistics, shape [features, 7]. */
    public static final String FEATURE_STATS = SCHEMA_TENSOR_PREFIX + "feature_stats";
    /** Format 3: the target columns' statistics, shape [targets, 7] (0 rows for classification). */
    public static final String TARGET_STATS = SCHEMA_TENSOR_PREFIX + "target_stats";
    /** Tensors whose names start with this hold the optimizer's state, not weights. */
    public static final String OPTIMIZER_TENSOR_PREFIX = "optim.";
    /**
     * Tensors whose names start with this hold the hidden state a stateful run ({@code --stateful}) carries into
     * its next batch, written in a checkpoint taken mid-epoch only: {@code state.h_l<k>} (and {@code state.c_l<k>}
     * for an LSTM) [B, H] per layer k. Not weights.
     */
    public static final String CARRIED_STATE_PREFIX = "state.";
    public static final String FORMAT_KEY = "format";
    public static final String VERSION_KEY = "format_version";
    public static final String MODEL_KEY = "model";
    public static final String TRAINING_KEY = "training";
    public static final String OUTPUT_KEY = "output";
    public static final String DATA_KEY = "data";
    public static final String SCHEMA_KEY = "schema";
    public static final String INPUT_FILE_KEY = "input_file";
    public static final String INPUT_SHA256_KEY = "input_sha256";
    public static final String TOOL_VERSION_KEY = "tool_version";
    /** Format 1's flag map. */
    public static final String OPTIONS_KEY = "options";

    private final Path path;
    private final SafeTensors.Contents contents;

    private Checkpoint(Path path, SafeTensors.Contents contents) {
        this.path = path;
        this.contents = contents;
    }

    /**
     * Writes a checkpoint atomically (a temporary file, forced to disk, renamed over {@code path}).
     *
     * @param optimizerState live optimizer state arrays by name ({@code optim.exp_avg.layers.0.weight_ih_l0}); each
     *                       has the shape of the parameter its name ends with
     * @throws IOException the file could not be written; an earlier file at {@code path} is intact
     */
    public static void write(Path path, Parameters params, Map<String, double[]> optimizerState,
                             Map<String, String> metadata) throws IOException {
        write(path, params, optimizerState, List.of(), metadata);
    }

    /**
     * As {@link #write(Path, Parameters, Map, Map)}, with the data schema's tensors ({@link #FEATURE_STATS},
     * {@link #TARGET_STATS}) after the optimizer state.
     */
    public static void write(Path path, Parameters params, Map<String, double[]> optimizerState,
                             List<SafeTensors.Tensor> schemaTensors, Map<String, String> metadata) throws IOException {
        snapshot(params, optimizerState, schemaTensors, metadata).writeTo(path);
    }

    /**
     * What {@link #write(Path, Parameters, Map, List, Map)} writes, copied now: the parameters' values and the
     * optimizer state are cloned (the schema tensors are taken as they are: nothing changes them), so the snapshot
     * can be written later, on another thread, while training goes on.
     */
    public static Snapshot snapshot(Parameters params, Map<String, double[]> optimizerState,
                                    List<SafeTensors.Tensor> schemaTensors, Map<String, String> metadata) {
        List<SafeTensors.Tensor> tensors = new ArrayList<>();
        for (Param p : params) {
            tensors.add(new SafeTensors.Tensor(p.name(), longs(p.shape()), p.value.data.clone()));
        }
        for (Map.Entry<String, double[]> e : optimizerState.entrySet()) {
            Param owner = ownerOf(params, e.getKey());
            long[] shape = owner == null ? new long[] {e.getValue().length} : longs(owner.shape());
            tensors.add(new SafeTensors.Tensor(e.getKey(), shape, e.getValue().clone()));
        }
        for (SafeTensors.Tensor t : schemaTensors) {
            if (!t.name().startsWith(SCHEMA_TENSOR_PREFIX) && !t.name().startsWith(CARRIED_STATE_PREFIX)) {
                throw new IllegalArgumentException("a schema tensor's name starts with " + SCHEMA_TENSOR_PREFIX
                        + " (or " + CARRIED_STATE_PREFIX + " for a carried state), got " + t.name());
            }
            tensors.add(t);
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(FORMAT_KEY, FORMAT);
        meta.put(VERSION_KEY, Integer.toString(FORMAT_VERSION));
        meta.putAll(metadata);
        return new Snapshot(List.copyOf(tensors), java.util.Collections.unmodifiableMap(meta));
    }

    /** A checkpoint's tensors and metadata as they were when {@link #snapshot} copied them. */
    public record Snapshot(List<SafeTensors.Tensor> tensors, Map<String, String> metadata) {
        /** Writes the checkpoint file (atomically, forced to disk: {@link SafeTensors#write}). */
        public void writeTo(Path path) throws IOException {
            SafeTensors.write(path, tensors, metadata);
        }
    }

    /**
     * Reads and validates a checkpoint: the file itself ({@link SafeTensors#read}), then its format name and version.
     *
     * @throws CheckpointException missing, corrupt, not an rnn checkpoint, or written by a newer format version
     */
    public static Checkpoint read(Path path) {
        SafeTensors.Contents c = SafeTensors.read(path);
        String format = c.metadata().get(FORMAT_KEY);
        String version = c.metadata().get(VERSION_KEY);
        if (!FORMAT.equals(format) || version == null) {
            throw new CheckpointException(path + ": not an rnn checkpoint (its metadata has no format \"" + FORMAT
                    + "\"); a PyTorch state dict is read by 'rnn predict {{schema}} config.json'");
        }
        int v;
        try {
            v = Integer.parseInt(version);
        } catch (NumberFormatException e) {
            throw new CheckpointException(path + ": corrupt checkpoint: format_version is \"" + version
                    + "\", expected a whole number");
        }
        if (v < 1) {
            throw new CheckpointException(path + ": corrupt checkpoint: format_version is " + v
                    + ", expected 1 to " + FORMAT_VERSION);
        }
        if (v > FORMAT_VERSION) {
            throw new CheckpointException(path + ": written by a newer rnn (checkpoint format version " + v
                    + "; this rnn reads up to version " + FORMAT_VERSION + "); upgrade rnn to read it");
        }
        return new Checkpoint(path, c);
    }

    /**
     * Reads and validates a safetensors file as a plain state dict, without requiring rnn's metadata: how a file
     * written by PyTorch ({@code safetensors.torch.save_file(module.state_dict(), ...)}) is read, its architecture
     * and data schema coming from elsewhere ({@code rnn predict --schema config.json}). Tensors may be F32 or F64.
     *
     * @throws CheckpointException missing or corrupt
     */
    public static Checkpoint readStateDict(Path path) {
        return new Checkpoint(path, SafeTensors.read(path));
    }

    public Path path() {
        return path;
    }

    /** The format version the file was written with (1 or 2); 0 for a plain state dict. */
    public int formatVersion() {
        try {
            return Integer.parseInt(contents.metadata().getOrDefault(VERSION_KEY, "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The metadata strings (unmodifiable view). */
    public Map<String, String> metadata() {
        return java.util.Collections.unmodifiableMap(contents.metadata());
    }

    /**
     * Copies the parameter tensors into {@code params}, which must have exactly the same names and shapes.
     *
     * @throws CheckpointException naming the first missing, extra or differently shaped tensor
     */
    public void loadParameters(Parameters params) {
        for (Param p : params) {
            SafeTensors.Tensor t = contents.tensor(p.name());
            if (t == null) {
                throw new CheckpointException(path + ": has no tensor \"" + p.name()
                        + "\", so it holds a different architecture; check {{cell}}, {{hidden}} and {{gru_variant}}");
            }
            if (!Arrays.equals(t.shape(), longs(p.shape()))) {
                throw new CheckpointException(path + ": tensor \"" + p.name() + "\" has shape "
                        + Arrays.toString(t.shape()) + ", the model expects " + Arrays.toString(p.shape()));
            }
        }
        for (SafeTensors.Tensor t : contents.tensors()) {
            if (isWeight(t.name()) && params.get(t.name()) == null) {
                throw new CheckpointException(path + ": has a tensor \"" + t.name()
                        + "\" the model does not, so it holds a different architecture");
            }
        }
        for (Param p : params) {
            double[] v = contents.tensor(p.name()).values();
            System.arraycopy(v, 0, p.value.data, 0, v.length);
        }
    }

    /** Whether a tensor of this name is a model weight (not optimizer state, not schema statistics). */
    public static boolean isWeight(String tensorName) {
        return !tensorName.startsWith(OPTIMIZER_TENSOR_PREFIX) && !tensorName.startsWith(SCHEMA_TENSOR_PREFIX)
                && !tensorName.startsWith(CARRIED_STATE_PREFIX);
    }

    /** The carried-state tensors ({@link #CARRIED_STATE_PREFIX}) by name without the prefix; empty when none. */
    public Map<String, double[]> carriedState() {
        Map<String, double[]> state = new LinkedHashMap<>();
        for (SafeTensors.Tensor t : contents.tensors()) {
            if (t.name().startsWith(CARRIED_STATE_PREFIX)) {
                state.put(t.name().substring(CARRIED_STATE_PREFIX.length()), t.values());
            }
        }
        return state;
    }

    /** The tensor of this name, or {@code null}. */
    public SafeTensors.Tensor tensor(String name) {
        return contents.tensor(name);
    }

    /** The tensors in file order (unmodifiable). */
    public List<SafeTensors.Tensor> tensors() {
        return java.util.Collections.unmodifiableList(contents.tensors());
    }

    /**
     * Refuses a file whose weights (and, when {@code optimizerToo}, optimizer state) hold a NaN or an infinity:
     * a model trained by rnn never has one (a diverging run stops before it writes such a checkpoint).
     *
     * @param allowWeights accept non-finite weights (a model a user edited on purpose); optimizer state never
     * @throws CheckpointException naming the first tensor and index holding a non-finite value
     */
    public void requireFinite(boolean optimizerToo, boolean allowWeights) {
        for (SafeTensors.Tensor t : contents.tensors()) {
            boolean weight = isWeight(t.name());
            boolean optimizer = t.name().startsWith(OPTIMIZER_TENSOR_PREFIX);
            if (weight && allowWeights || optimizer && !optimizerToo || !weight && !optimizer) {
                continue;
            }
            double[] v = t.values();
            for (int i = 0; i < v.length; i++) {
                if (!Double.isFinite(v[i])) {
                    throw new CheckpointException(path + ": tensor \"" + t.name() + "\" holds " + v[i] + " at index "
                            + i + ", expected finite values; use another checkpoint"
                            + (weight ? " (or {{allow_nonfinite}} to read a model edited on purpose)" : ""));
                }
            }
        }
    }

    /**
     * Copies the optimizer state tensors into the live arrays of {@code state} (names and lengths must match).
     *
     * @throws CheckpointException when a state tensor is missing or has another size (another optimizer)
     */
    public void loadOptimizerState(Map<String, double[]> state) {
        for (Map.Entry<String, double[]> e : state.entrySet()) {
            SafeTensors.Tensor t = contents.tensor(e.getKey());
            if (t == null || t.values().length != e.getValue().length) {
                throw new CheckpointException(path + ": has no optimizer state \"" + e.getKey()
                        + "\" of the right size; was it trained with another {{optimizer}}?");
            }
        }
        for (Map.Entry<String, double[]> e : state.entrySet()) {
            double[] v = contents.tensor(e.getKey()).values();
            System.arraycopy(v, 0, e.getValue(), 0, v.length);
        }
    }

    private static Param ownerOf(Parameters params, String stateName) {
        for (Param p : params) {
            if (stateName.endsWith("." + p.name())) {
                return p;
            }
        }
        return null;
    }

    private static long[] longs(int[] a) {
        long[] l = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            l[i] = a[i];
        }
        return l;
    }
}
