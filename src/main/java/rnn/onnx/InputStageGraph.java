package rnn.onnx;

import java.util.List;

import ai.onnx.proto.OnnxMl.TensorProto;

import rnn.data.ColumnStats;
import rnn.data.InputContract;
import rnn.data.Normalization;
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
 * </ul>
 * <b>Extension point</b> (the categorical inputs of issue #13): a categorical column COL adds here a string input
 * named COL [batch, seq], an {@code ai.onnx.ml} {@code LabelEncoder} (keys = the stored levels, values 1..L,
 * {@code default_int64} 0 = {@code <unk>}), a {@code Gather} on the initializer {@code inputs.COL.weight}
 * [L+1, D], and a {@code Concat} on axis 2 after the numeric features, columns in the contract's order; the
 * numeric part is never applied to them. {@link #build} returns the first layer's input either way.
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
}
