package rnn.onnx;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import ai.onnx.proto.OnnxMl.ModelProto;

import rnn.data.InputContract;
import rnn.nn.ModelSpec;
import rnn.nn.OutputMode;
import rnn.nn.Parameters;

/**
 * A trained model as one standard ONNX graph (opset {@value OnnxGraph#OPSET}) that maps raw feature values to
 * predictions in the target's units: {@link InputStageGraph} (inputs, normalisation) → one {@link LayerGraph}
 * per layer (the ONNX {@code RNN}/{@code GRU}/{@code LSTM} operator) → {@link HeadGraph} (head,
 * de-normalisation or Softmax). Dimensions {@value #BATCH} and {@value #SEQ} are dynamic (seq is fixed to T in
 * the wide layout). Every sequence of one call runs its full length (the graph has no {@code sequence_lens}):
 * for {@code --output last} the prediction is the one after the last step given.
 *
 * <p>Metadata properties: {@code rnn_version}, {@code features} and {@code targets} (JSON arrays of column
 * names, the order of the input's last axis and of the outputs), {@code classes} (JSON array, the order of
 * {@code probabilities}; empty for regression), {@code output} (last or sequence), {@code layout}, and
 * {@code rnn_contract} (the model's whole input contract as JSON, statistics included), then the caller's.
 */
public final class OnnxExport {

    /** The name of the dynamic batch dimension. */
    static final String BATCH = "batch";
    /** The name of the dynamic sequence-length dimension. */
    static final String SEQ = "seq";
    /**
     * The most weight bytes (float32) an exported file may hold: a protobuf message is at most 2 GiB, and the graph
     * needs a little room besides its initializers.
     */
    public static final long MAX_WEIGHT_BYTES = Integer.MAX_VALUE - (64L << 20);

    private static final ObjectMapper JSON = new ObjectMapper();

    private OnnxExport() {
    }

    /**
     * The ONNX model of a trained model.
     *
     * @param spec     its architecture
     * @param params   its parameters (weights as loaded from the checkpoint); not modified
     * @param contract its input contract (columns, statistics, classes)
     * @param version  rnn's version ({@code producer_version}, {@code rnn_version})
     * @param extra    further metadata properties, added after the exporter's own
     * @throws IllegalArgumentException when the weights take more than {@link #MAX_WEIGHT_BYTES}
     */
    public static ModelProto export(ModelSpec spec, Parameters params, InputContract contract, String version,
                                    Map<String, String> extra) {
        requireExportable(weightBytes(params));
        if (spec.tokens() != null) {
            throw new IllegalArgumentException("a text model (token ids in, next-token scores out) has no ONNX export "
                    + "in this release; use rnn generate, or load its state dict in PyTorch");
        }
        requireMapped(params);
        if (!contract.transform().isNone()) {
            throw new IllegalArgumentException("a model trained with --transform " + contract.transform() + " has no"
                    + " ONNX export in this release (the graph would have to invert the transform); use rnn predict,"
                    + " or train with --transform none");
        }
        OnnxGraph g = new OnnxGraph("rnn");
        String x = InputStageGraph.build(g, contract, params);
        String timeMajor = g.node("Transpose", List.of(x), "layer0_input", OnnxGraph.ints("perm", 1, 0, 2));
        LayerGraph.Outputs out = null;
        boolean perStep = spec.output() == OutputMode.SEQUENCE;
        for (int k = 0; k < spec.layers(); k++) {
            boolean top = k == spec.layers() - 1;
            out = LayerGraph.build(g, spec, params, k, k == 0 ? timeMajor : out.sequence(),
                    new LayerGraph.Wanted(!top || perStep, top && !perStep));
        }
        HeadGraph.build(g, contract, spec.output(), params, out);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("rnn_version", version);
        meta.put("features", json(contract.features()));
        meta.put("categorical", json(contract.categorical().stream().map(rnn.data.CategoricalColumn::column).toList()));
        meta.put("targets", json(contract.targets()));
        meta.put("classes", json(contract.classes()));
        meta.put("output", spec.output() == OutputMode.SEQUENCE ? "sequence" : "last");
        meta.put("layout", contract.layout().cliName());
        meta.put("rnn_contract", contract.toJson().toString());
        meta.putAll(extra);
        return g.model(version, describe(spec, contract), meta);
    }

    /**
     * Refuses weights of more than {@link #MAX_WEIGHT_BYTES}.
     *
     * @throws IllegalArgumentException saying so
     */
    static void requireExportable(long weightBytes) {
        if (weightBytes > MAX_WEIGHT_BYTES) {
            throw new IllegalArgumentException("the weights take " + weightBytes + " bytes as float32, more than the "
                    + MAX_WEIGHT_BYTES + " an ONNX file can hold (protobuf's 2 GiB limit); export a smaller model "
                    + "({{hidden}})");
        }
    }

    /**
     * The name prefixes of the parameters the graph maps: the recurrent layers ({@link LayerGraph}) and the head
     * ({@link HeadGraph}). A stage that maps further parameters (the input stage's embeddings) adds its prefix here.
     */
    static final java.util.List<String> MAPPED = java.util.List.of("inputs.", "layers.", "head.");

    /**
     * Refuses a model holding a parameter the graph would leave out (a newer kind of input stage or layer), so that
     * no graph silently computes something else than the model.
     *
     * @throws IllegalArgumentException naming the first such parameter
     */
    static void requireMapped(Parameters params) {
        for (rnn.nn.Param p : params) {
            if (MAPPED.stream().noneMatch(p.name()::startsWith)) {
                throw new IllegalArgumentException("its tensor \"" + p.name() + "\" has no counterpart in the ONNX "
                        + "graph this rnn writes (it maps " + String.join("*, ", MAPPED) + "*); use rnn predict "
                        + "for this model");
            }
        }
    }

    /** The bytes the weights take as float32. */
    public static long weightBytes(Parameters params) {
        return params.count() * Float.BYTES;
    }

    private static String describe(ModelSpec spec, InputContract contract) {
        return "rnn " + spec.cell().name().toLowerCase(java.util.Locale.ROOT) + " " + java.util.Arrays.toString(
                spec.hidden()) + (spec.bidirectional() ? " bidirectional" : "") + ": input " + InputStageGraph.FEATURES
                + " float32 [batch, seq, " + contract.inputs() + "] in raw units (" + json(contract.features())
                + ")" + (contract.categorical().isEmpty() ? "" : ", string inputs [batch, seq] " + json(contract
                .categorical().stream().map(rnn.data.CategoricalColumn::column).toList())) + "; output " + (contract.classification() ? HeadGraph.PROBABILITIES : HeadGraph.PREDICTION)
                + (spec.output() == OutputMode.SEQUENCE ? " per step" : " after the last step");
    }

    private static String json(List<String> values) {
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
