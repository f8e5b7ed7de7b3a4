package rnn.onnx;

import java.util.ArrayList;
import java.util.List;

import ai.onnx.proto.OnnxMl.TensorProto;

import rnn.data.CategoricalColumn;
import rnn.data.ColumnStats;
import rnn.data.InputContract;
import rnn.data.Normalization;
import rnn.nn.EmbeddingSpec;
import rnn.nn.Param;
import rnn.nn.Parameters;

/**
 * The input stage of the exported graph: the graph inputs, and what the Java model's {@link rnn.nn.InputStage}
 * receives from the data loader, computed inside the graph.
 * <ul>
 * <li>Input {@value #FEATURES}: float32 [batch, seq, F], the numeric feature columns in RAW units, in the order
 * of the contract's features (window and long layouts: one row of the CSV per step; wide layout: a row's T·F
 * values step-major, reshaped to [T, F], and seq is fixed to T).</li>
 * <li>Normalisation: (x − center) / scale per feature with the training statistics ({@link ColumnStats}: zscore
 * mean/std, minmax min/(max − min)); in the wide layout per step and feature ([T, F] statistics, as each of its
 * columns has its own); nothing for {@code none}.</li>
 * <li>Categorical columns ({@code --categorical}): each COL is a string input named COL [batch, seq], mapped by an
 * {@code ai.onnx.ml} {@code LabelEncoder} (keys = the stored levels, values 1..L, {@code default_int64} 0 =
 * {@code <unk>}: an unseen value, as in {@code rnn predict}) and a {@code Gather} on the initializer
 * {@code inputs.COL.weight} [L+1, D], then concatenated on axis 2 after the numeric features, columns in the
 * contract's order (the Java model's {@code CategoricalEmbeddings}); without numeric features there is no
 * {@value #FEATURES} input.</li>
 * </ul>
 */
final class InputStageGraph {

    /** The name of the numeric graph input. */
    static final String FEATURES = "features";

    private InputStageGraph() {
    }

    /**
     * Declares the inputs and builds the stage.
     *
     * @param params the model's parameters (the input stage's own, such as embeddings, are read from here)
     * @return the name of the first recurrent layer's input, float32 [batch, seq, I], batch-major
     */
    static String build(OnnxGraph g, InputContract contract, Parameters params) {
        String numeric = contract.inputs() == 0 ? null : numeric(g, contract);
        List<CategoricalColumn> categorical = contract.categorical();
        if (categorical.isEmpty()) {
            return numeric;
        }
        List<String> parts = new ArrayList<>();
        if (numeric != null) {
            parts.add(numeric);
        }
        for (CategoricalColumn c : categorical) {
            parts.add(embedded(g, c, params));
        }
        return parts.size() == 1 ? parts.get(0)
                : g.node("Concat", parts, "first_layer_input", OnnxGraph.attr("axis", 2));
    }

    /** The {@value #FEATURES} input, normalised: [batch, seq, F]. */
    private static String numeric(OnnxGraph g, InputContract contract) {
        int features = contract.inputs();
        boolean stepsInColumns = contract.layout().stepsInColumns();
        Object seq = stepsInColumns ? (Object) contract.shape().steps() : OnnxExport.SEQ;
        g.input(FEATURES, TensorProto.DataType.FLOAT, OnnxExport.BATCH, seq, features);
        if (contract.normalize() == Normalization.NONE) {
            return FEATURES;
        }
        List<ColumnStats> stats = contract.scaling().featureStats();
        long rows = stats.size() / features; // 1, or T in the wide layout
        double[] center = new double[stats.size()];
        double[] scale = new double[stats.size()];
        for (int i = 0; i < stats.size(); i++) {
            center[i] = stats.get(i).center();
            scale[i] = stats.get(i).scale();
        }
        String centered = g.node("Sub", List.of(FEATURES, g.floats("feature_center", center, rows, features)),
                "features_centered");
        return g.node("Div", List.of(centered, g.floats("feature_scale", scale, rows, features)),
                "features_normalized");
    }

    /**
     * A categorical column: the string input named after the column [batch, seq], its level index by an
     * {@code ai.onnx.ml} {@code LabelEncoder} (the stored levels → 1..L, anything else → 0, {@code <unk>}), and
     * that row of the table {@code inputs.COL.weight} [L+1, D] by {@code Gather}: [batch, seq, D].
     */
    private static String embedded(OnnxGraph g, CategoricalColumn c, Parameters params) {
        g.input(c.column(), TensorProto.DataType.STRING, OnnxExport.BATCH, OnnxExport.SEQ);
        long[] codes = new long[c.levels().size()];
        for (int k = 0; k < codes.length; k++) {
            codes[k] = k + 1L;
        }
        String index = g.nodeIn(OnnxGraph.ML_DOMAIN, "LabelEncoder", List.of(c.column()),
                List.of(c.column() + "_level"), OnnxGraph.strings("keys_strings", c.levels()),
                OnnxGraph.ints("values_int64s", codes), OnnxGraph.attr("default_int64", 0L)).get(0);
        Param table = params.get(EmbeddingSpec.tensorName(c.column()));
        String weights = g.floats(table.name(), table.value.data, table.shape()[0], table.shape()[1]);
        return g.node("Gather", List.of(weights, index), c.column() + "_embedded", OnnxGraph.attr("axis", 0L));
    }
}
