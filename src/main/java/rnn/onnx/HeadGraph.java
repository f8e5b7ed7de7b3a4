package rnn.onnx;

import java.util.List;

import ai.onnx.proto.OnnxMl.TensorProto;

import rnn.data.ColumnStats;
import rnn.data.InputContract;
import rnn.data.Normalization;
import rnn.data.TargetForm;
import rnn.nn.OutputMode;
import rnn.nn.Param;
import rnn.nn.Parameters;

/**
 * The dense head ({@code head.weight} W [O, K], {@code head.bias} b [O]) as MatMul(·, Wᵀ) + b on the top layer's
 * final state ({@code --output last}: [batch, K] → [batch, O]) or on its output at every step
 * ({@code --output sequence}: [batch, seq, K] → [batch, seq, O]), then
 * <ul>
 * <li>regression: de-normalisation z·scale + center per output (in the wide layout with a target per step, per
 * step and output, [T, O]), nothing for {@code none}: output {@value #PREDICTION} in the target's units;</li>
 * <li>classification: Softmax over the classes: output {@value #PROBABILITIES}, classes in the contract's order.</li>
 * </ul>
 */
final class HeadGraph {

    /** The regression output's name. */
    static final String PREDICTION = "prediction";
    /** The classifier's output name. */
    static final String PROBABILITIES = "probabilities";

    private HeadGraph() {
    }

    /**
     * Emits the head and declares the graph output.
     *
     * @param top the top layer's outputs
     */
    static void build(OnnxGraph g, InputContract contract, OutputMode output, Parameters params,
                      LayerGraph.Outputs top) {
        Param w = params.get("head.weight");
        int outputs = w.shape()[0];
        int k = w.shape()[1];
        boolean perStep = output == OutputMode.SEQUENCE;
        String in = perStep ? g.node("Transpose", List.of(top.sequence()), "head_input",
                OnnxGraph.ints("perm", 1, 0, 2)) : top.finalState();
        double[] wt = new double[k * outputs];
        for (int o = 0; o < outputs; o++) {
            for (int j = 0; j < k; j++) {
                wt[j * outputs + o] = w.value.data[o * k + j];
            }
        }
        String product = g.node("MatMul", List.of(in, g.floats("head_weight_t", wt, k, outputs)), "head_product");
        boolean classifier = contract.classification();
        boolean delta = !classifier && contract.targetMode() == TargetForm.DELTA;
        boolean denormalize = !classifier && (contract.normalize() != Normalization.NONE || delta);
        String name = classifier ? PROBABILITIES : PREDICTION;
        String z = g.node("Add", List.of(product, g.floats("head_bias", params.get("head.bias").value.data, outputs)),
                denormalize || classifier ? "head_output" : name);
        String result = z;
        if (classifier) {
            result = g.node("Softmax", List.of(z), name, OnnxGraph.attr("axis", -1));
        } else if (delta) {
            result = addLastValue(g, contract, perStep, outputs, z, name);
        } else if (denormalize) {
            result = denormalize(g, contract, perStep, outputs, z, name);
        }
        if (!result.equals(name)) {
            throw new IllegalStateException("the graph's output is named " + result + ", expected " + name);
        }
        Object[] dims = perStep ? new Object[] {OnnxExport.BATCH, seqDim(contract), outputs}
                : new Object[] {OnnxExport.BATCH, outputs};
        g.output(name, TensorProto.DataType.FLOAT, dims);
    }

    /**
     * z·scale + center with the target statistics of each output (and step, where the layout has them per step);
     * returns the result's name.
     */
    private static String denormalize(OnnxGraph g, InputContract contract, boolean perStep, int outputs, String z,
                                    String name) {
        int rows = perStep && contract.layout().stepsInColumns() ? contract.shape().steps() : 1;
        double[] scale = new double[rows * outputs];
        double[] center = new double[rows * outputs];
        for (int t = 0; t < rows; t++) {
            for (int o = 0; o < outputs; o++) {
                ColumnStats s = contract.outputStats(t, o); // a path 1..H: target o mod O
                scale[t * outputs + o] = s.scale();
                center[t * outputs + o] = s.center();
            }
        }
        String scaled = g.node("Mul", List.of(z, g.floats("target_scale", scale, rows, outputs)), "scaled");
        return g.node("Add", List.of(scaled, g.floats("target_center", center, rows, outputs)), name);
    }

    /**
     * {@code --target-mode delta}: z·scale + the target's raw value on the row predicted from (the last step of
     * the {@code features} input; with {@code --output sequence}, each step's own), i.e. the change added back in the
     * target's units (the center cancels); returns the result's name.
     */
    private static String addLastValue(OnnxGraph g, InputContract contract, boolean perStep, int outputs, String z,
                                       String name) {
        long[] targetInputs = new long[outputs];
        double[] scale = new double[outputs];
        for (int o = 0; o < outputs; o++) {
            int target = contract.targetOfOutput(o); // a path 1..H: every step adds its target's last value
            targetInputs[o] = contract.features().indexOf(contract.targets().get(target));
            scale[o] = contract.normalize() == Normalization.NONE ? 1 : contract.targetStats(target).scale();
        }
        String targets = g.node("Gather", List.of(InputStageGraph.FEATURES, g.longs("target_inputs", targetInputs)),
                "target_inputs_raw", OnnxGraph.attr("axis", 2L)); // [batch, seq, O]
        String from = perStep ? targets : g.node("Gather", List.of(targets, g.scalarLong("last_step", -1)),
                "target_last_raw", OnnxGraph.attr("axis", 1L)); // [batch, O]
        String scaled = g.node("Mul", List.of(z, g.floats("target_scale", scale, 1, outputs)), "scaled");
        return g.node("Add", List.of(scaled, from), name);
    }

    private static Object seqDim(InputContract contract) {
        return contract.layout().stepsInColumns() ? (Object) contract.shape().steps() : OnnxExport.SEQ;
    }
}
