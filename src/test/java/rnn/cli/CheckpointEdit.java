package rnn.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import rnn.io.Checkpoint;
import rnn.io.SafeTensors;

/**
 * Crafts hostile checkpoints from valid ones, as an attacker with a text editor and the safetensors format would:
 * metadata JSON values replaced, tensors replaced, the checksum recomputed (so that only the edit is wrong).
 */
final class CheckpointEdit {

    static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> metadata;
    private final List<SafeTensors.Tensor> tensors;

    private CheckpointEdit(SafeTensors.Contents c) {
        metadata = new LinkedHashMap<>(c.metadata());
        metadata.remove(SafeTensors.CHECKSUM_KEY);
        tensors = new ArrayList<>(c.tensors());
    }

    static CheckpointEdit of(Path checkpoint) {
        return new CheckpointEdit(SafeTensors.read(checkpoint));
    }

    /** Sets the value at {@code pointer} (e.g. {@code /contract/shape/window}) of the JSON metadata {@code key}. */
    CheckpointEdit json(String key, String pointer, JsonNode value) {
        JsonNode root = tree(key);
        JsonPointer p = JsonPointer.compile(pointer);
        JsonNode parent = root.at(p.head());
        if (parent instanceof ObjectNode o) {
            o.set(p.last().getMatchingProperty(), value);
        } else if (parent instanceof ArrayNode a) {
            a.set(p.last().getMatchingIndex(), value);
        } else {
            throw new IllegalArgumentException(key + pointer + ": no such place");
        }
        metadata.put(key, root.toString());
        return this;
    }

    /** Sets a metadata string. */
    CheckpointEdit meta(String key, String value) {
        metadata.put(key, value);
        return this;
    }

    /** The JSON of metadata {@code key} (a copy to edit). */
    JsonNode tree(String key) {
        try {
            return JSON.readTree(metadata.get(key));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces value {@code index} of tensor {@code name}. */
    CheckpointEdit value(String name, int index, double v) {
        return tensor(name, t -> t.values()[index] = v);
    }

    /** Edits the values of tensor {@code name} in place. */
    CheckpointEdit tensor(String name, Consumer<SafeTensors.Tensor> edit) {
        for (int i = 0; i < tensors.size(); i++) {
            SafeTensors.Tensor t = tensors.get(i);
            if (t.name().equals(name)) {
                SafeTensors.Tensor copy = new SafeTensors.Tensor(name, t.shape(), t.values().clone());
                edit.accept(copy);
                tensors.set(i, copy);
                return this;
            }
        }
        throw new IllegalArgumentException("no tensor " + name);
    }

    /** Replaces tensor {@code name} by one of another shape. */
    CheckpointEdit replace(String name, long[] shape, double[] values) {
        tensors.replaceAll(t -> t.name().equals(name) ? new SafeTensors.Tensor(name, shape, values) : t);
        return this;
    }

    /**
     * A format-3 checkpoint as format 2 wrote it: the statistics back into the schema's JSON (objects of center,
     * scale, mean, std, min, max, count per column, as release 2 wrote them), no {@code schema.*} tensors.
     */
    CheckpointEdit asFormat2() {
        ObjectNode schema = (ObjectNode) tree(Checkpoint.SCHEMA_KEY);
        ObjectNode contract = (ObjectNode) schema.get("contract");
        ObjectNode scaling = (ObjectNode) contract.get("scaling");
        scaling.set("featureStats", stats(Checkpoint.FEATURE_STATS, contract.at("/columns/features")));
        scaling.set("targetStats", stats(Checkpoint.TARGET_STATS, contract.get("classes").isEmpty()
                ? contract.at("/columns/targets") : JSON.createArrayNode()));
        metadata.put(Checkpoint.SCHEMA_KEY, schema.toString());
        metadata.put(Checkpoint.VERSION_KEY, "2");
        tensors.removeIf(t -> t.name().startsWith(Checkpoint.SCHEMA_TENSOR_PREFIX));
        return this;
    }

    private ArrayNode stats(String tensor, JsonNode columns) {
        double[] v = tensors.stream().filter(t -> t.name().equals(tensor)).findFirst().orElseThrow().values();
        ArrayNode a = JSON.createArrayNode();
        String[] fields = {"center", "scale", "mean", "std", "min", "max"};
        for (int i = 0; i < columns.size(); i++) {
            ObjectNode o = a.addObject();
            o.put("column", columns.get(i).asText());
            for (int k = 0; k < fields.length; k++) {
                o.put(fields[k], v[i * 7 + k]);
            }
            o.put("count", (long) v[i * 7 + 6]);
        }
        return a;
    }

    /** Writes the edited checkpoint (with a fresh checksum) to {@code path}. */
    Path write(Path path) throws IOException {
        SafeTensors.write(path, tensors, metadata);
        return path;
    }
}
