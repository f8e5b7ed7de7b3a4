package rnn.onnx;

import java.util.ArrayList;
import java.util.List;

import ai.onnx.proto.OnnxMl.AttributeProto;

import rnn.nn.Activation;
import rnn.nn.CellType;
import rnn.nn.GruVariant;
import rnn.nn.LayerNames;
import rnn.nn.ModelSpec;
import rnn.nn.Param;
import rnn.nn.Parameters;

/**
 * One recurrent layer of the model as the ONNX operator of its cell ({@code RNN}, {@code GRU}, {@code LSTM},
 * opset 14+, {@code layout} 0: X [seq, batch, I], Y [seq, dirs, batch, H], Y_h [dirs, batch, H]).
 *
 * <p>Weights: ONNX packs W [dirs, G·H, I], R [dirs, G·H, H] and B [dirs, 2·G·H] = [Wb | Rb] with the gate blocks
 * in its own order, which differs from PyTorch's (and this project's) — block j of ONNX is block
 * {@link OnnxCell#blocks}[j] of the checkpoint:
 * <ul>
 * <li>RNN: one block; activation Tanh or Relu as the model records (one per direction).</li>
 * <li>GRU: ONNX z|r|h ← r|z|n: blocks 1, 0, 2. The stored z block is already PyTorch's and ONNX's z (h_t =
 * (1 − z) ⊙ n + z ⊙ h_{t−1}), so no negation. Classic: {@code linear_before_reset} 0, Rb = 0 (one bias);
 * reset-after: {@code linear_before_reset} 1, Rb = {@code bias_hh_l0}.</li>
 * <li>LSTM: ONNX i|o|f|c ← i|f|g|o: blocks 0, 3, 1, 2; no peepholes.</li>
 * </ul>
 * Bidirectional: {@code direction="bidirectional"}, the forward tensors then the {@code _reverse} ones.
 * No {@code sequence_lens}: every sequence of a call runs its full length.
 */
final class LayerGraph {

    /**
     * What a layer gives the next stage (a name, or {@code null} where not asked for).
     *
     * @param sequence   the output at every step, [seq, batch, dirs·H] (the next layer's or the per-step head's input)
     * @param finalState the final state, [batch, dirs·H] ({@code --output last}'s head input)
     */
    record Outputs(String sequence, String finalState) {
    }

    /** Which outputs the next stage reads (the op leaves the others out). */
    record Wanted(boolean sequence, boolean finalState) {
    }

    private LayerGraph() {
    }

    /**
     * A cell's ONNX operator and where ONNX's gate block j comes from in the checkpoint's packing (PyTorch's order).
     */
    record OnnxCell(String op, int[] blocks) {
        static OnnxCell of(CellType cell) {
            return switch (cell) {
                case RNN -> new OnnxCell("RNN", new int[] {0});
                case GRU -> new OnnxCell("GRU", new int[] {1, 0, 2});
                case LSTM -> new OnnxCell("LSTM", new int[] {0, 3, 1, 2});
            };
        }
    }

    /**
     * Emits layer k.
     *
     * @param x      the input, float32 [seq, batch, I] (time-major)
     * @param wanted the outputs to emit
     * @return its outputs: the sequence [seq, batch, dirs·H] (the next layer's input, [fwd_t | rev_t] per step) and
     *         the final state [batch, dirs·H] ([forward at the last step | reverse at the first], PyTorch's h_n)
     */
    static Outputs build(OnnxGraph g, ModelSpec spec, Parameters params, int k, String x, Wanted wanted) {
        int h = spec.hidden()[k];
        int dirs = spec.bidirectional() ? 2 : 1;
        OnnxCell cell = OnnxCell.of(spec.cell());
        int[] blocks = cell.blocks();
        List<LayerNames> directions = new ArrayList<>(List.of(LayerNames.layer(k)));
        if (spec.bidirectional()) {
            directions.add(LayerNames.layer(k).reverse());
        }
        int inputs = params.get(directions.get(0).of("weight_ih_l0")).shape()[1];
        int gateRows = blocks.length * h;
        double[] w = new double[dirs * gateRows * inputs];
        double[] r = new double[dirs * gateRows * h];
        double[] b = new double[dirs * 2 * gateRows];
        for (int d = 0; d < dirs; d++) {
            LayerNames names = directions.get(d);
            reorder(params.get(names.of("weight_ih_l0")).value.data, blocks, h * inputs, w, d * gateRows * inputs);
            reorder(params.get(names.of("weight_hh_l0")).value.data, blocks, h * h, r, d * gateRows * h);
            reorder(params.get(names.of("bias_ih_l0")).value.data, blocks, h, b, d * 2 * gateRows);
            Param recurrentBias = params.get(names.of("bias_hh_l0"));
            if (recurrentBias != null) { // absent in the classic GRU: Rb stays 0
                reorder(recurrentBias.value.data, blocks, h, b, d * 2 * gateRows + gateRows);
            }
        }
        String prefix = "layer" + k + "_";
        List<String> in = List.of(x, g.floats(prefix + "W", w, dirs, gateRows, inputs),
                g.floats(prefix + "R", r, dirs, gateRows, h), g.floats(prefix + "B", b, dirs, 2L * gateRows));
        List<String> out = g.nodeIn("", cell.op(), in, List.of(wanted.sequence() ? prefix + "Y" : "",
                wanted.finalState() ? prefix + "Y_h" : ""), attributes(spec, h, dirs));
        String sequence = null;
        if (wanted.sequence()) { // [seq, dirs, batch, H] → [seq, batch, dirs, H] → [seq, batch, dirs·H]
            String steps = g.node("Transpose", List.of(out.get(0)), prefix + "Y_steps",
                    OnnxGraph.ints("perm", 0, 2, 1, 3));
            sequence = g.node("Reshape", List.of(steps, g.longs(prefix + "Y_shape", 0, 0, (long) dirs * h)),
                    prefix + "output");
        }
        String finalState = null;
        if (wanted.finalState()) { // [dirs, batch, H] → [batch, dirs, H] → [batch, dirs·H]
            String batchMajor = g.node("Transpose", List.of(out.get(1)), prefix + "h_n_batch",
                    OnnxGraph.ints("perm", 1, 0, 2));
            finalState = g.node("Reshape", List.of(batchMajor, g.longs(prefix + "h_n_shape", 0, (long) dirs * h)),
                    prefix + "final_state");
        }
        return new Outputs(sequence, finalState);
    }

    /** Copies the gate blocks of {@code src} (each {@code blockSize} values) into {@code dst[off..]} in ONNX order. */
    private static void reorder(double[] src, int[] blocks, int blockSize, double[] dst, int off) {
        for (int j = 0; j < blocks.length; j++) {
            System.arraycopy(src, blocks[j] * blockSize, dst, off + j * blockSize, blockSize);
        }
    }

    private static AttributeProto[] attributes(ModelSpec spec, int h, int dirs) {
        List<AttributeProto> a = new ArrayList<>();
        a.add(OnnxGraph.attr("hidden_size", h));
        a.add(OnnxGraph.attr("direction", dirs == 2 ? "bidirectional" : "forward"));
        if (spec.cell() == CellType.GRU) {
            a.add(OnnxGraph.attr("linear_before_reset", spec.gruVariant() == GruVariant.RESET_AFTER ? 1 : 0));
        }
        if (spec.cell() == CellType.RNN) {
            String f = spec.activation() == Activation.RELU ? "Relu" : "Tanh";
            a.add(OnnxGraph.strings("activations", dirs == 2 ? List.of(f, f) : List.of(f)));
        }
        return a.toArray(new AttributeProto[0]);
    }
}
