package rnn.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.google.protobuf.ByteString;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;

/**
 * A small builder of one ONNX graph over the generated protobuf classes ({@code ai.onnx.proto.OnnxMl}): graph
 * inputs and outputs with fixed or named (dynamic) dimensions, float32 and int64 initializers (little-endian
 * {@code raw_data}), nodes with attributes, and the model around them. Tensor names are made unique here
 * ({@link #fresh}), so the stages of the exporter name their tensors freely.
 */
final class OnnxGraph {

    /** The default ({@code ai.onnx}) opset: RNN/GRU/LSTM 14 (the {@code layout} attribute), Softmax 13. */
    static final int OPSET = 17;
    /** The {@code ai.onnx.ml} opset imported beside it (LabelEncoder 2, string → int64, for categorical inputs). */
    static final int ML_OPSET = 3;
    /** The ML domain's name. */
    static final String ML_DOMAIN = "ai.onnx.ml";
    /** IR version 8: the one that goes with opset 17 (ONNX 1.12); every ONNX Runtime since 1.12 reads it. */
    static final int IR_VERSION = 8;

    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private final Set<String> names = new HashSet<>();

    /** @param name the graph's name */
    OnnxGraph(String name) {
        graph.setName(name);
    }

    /** A name not used yet: {@code base}, else {@code base_1}, {@code base_2}, … (then reserved). */
    String fresh(String base) {
        String n = base;
        for (int i = 1; !names.add(n); i++) {
            n = base + "_" + i;
        }
        return n;
    }

    /**
     * Declares a graph input.
     *
     * @param dims each a {@link Long}/{@link Integer} (fixed size) or a {@link String} (a named dynamic dimension)
     */
    void input(String name, TensorProto.DataType type, Object... dims) {
        reserve(name);
        graph.addInput(valueInfo(name, type, dims));
    }

    /** Declares a graph output; a node must produce a tensor of that name ({@link #node}). */
    void output(String name, TensorProto.DataType type, Object... dims) {
        graph.addOutput(valueInfo(name, type, dims));
    }

    /** A float32 initializer from doubles (rounded to nearest), {@code dims} its shape; returns its name. */
    String floats(String base, double[] values, long... dims) {
        ByteBuffer b = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            b.putFloat((float) v);
        }
        return initializer(base, TensorProto.DataType.FLOAT, b, values.length, dims);
    }

    /** A 0-d int64 initializer (an index that removes its axis in Gather); returns its name. */
    String scalarLong(String base, long value) {
        ByteBuffer b = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(value);
        return initializer(base, TensorProto.DataType.INT64, b, 1);
    }

    /** An int64 initializer (shapes, axes); returns its name. */
    String longs(String base, long... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            b.putLong(v);
        }
        return initializer(base, TensorProto.DataType.INT64, b, values.length, values.length);
    }

    private String initializer(String base, TensorProto.DataType type, ByteBuffer bytes, int count, long... dims) {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        if (n != count) {
            throw new IllegalArgumentException(base + ": shape " + java.util.Arrays.toString(dims) + " holds " + n
                    + " values, got " + count);
        }
        String name = fresh(base);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(type.getNumber());
        for (long d : dims) {
            t.addDims(d);
        }
        bytes.flip();
        graph.addInitializer(t.setRawData(ByteString.copyFrom(bytes)));
        return name;
    }

    /** A node of the default domain with one output named {@code fresh(output)}; returns that name. */
    String node(String op, List<String> inputs, String output, AttributeProto... attributes) {
        return nodeIn("", op, inputs, List.of(output), attributes).get(0);
    }

    /**
     * A node of {@code domain} ("" for the default one) with outputs named {@code fresh(each)} ("" leaves an
     * optional output out); returns the names.
     */
    List<String> nodeIn(String domain, String op, List<String> inputs, List<String> outputs,
                        AttributeProto... attributes) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setDomain(domain).setName(fresh(op))
                .addAllInput(inputs);
        List<String> out = new ArrayList<>(outputs.size());
        for (String o : outputs) {
            String name = o.isEmpty() ? "" : fresh(o);
            out.add(name);
            n.addOutput(name);
        }
        for (AttributeProto a : attributes) {
            n.addAttribute(a);
        }
        graph.addNode(n);
        return out;
    }

    static AttributeProto attr(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value)
                .build();
    }

    static AttributeProto attr(String name, String value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(value)).build();
    }

    static AttributeProto ints(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name)
                .setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    static AttributeProto strings(String name, List<String> values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name)
                .setType(AttributeProto.AttributeType.STRINGS);
        for (String v : values) {
            a.addStrings(ByteString.copyFromUtf8(v));
        }
        return a.build();
    }

    /**
     * The model: this graph, opsets {@link #OPSET} and {@code ai.onnx.ml} {@link #ML_OPSET}, IR
     * {@link #IR_VERSION}, the producer and the metadata properties (in the map's order).
     */
    ModelProto model(String producerVersion, String doc, Map<String, String> metadata) {
        ModelProto.Builder m = ModelProto.newBuilder().setIrVersion(IR_VERSION).setProducerName("rnn")
                .setProducerVersion(producerVersion).setDocString(doc).setGraph(graph)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain(ML_DOMAIN).setVersion(ML_OPSET));
        metadata.forEach((k, v) -> m.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return m.build();
    }

    private void reserve(String name) {
        if (!names.add(name)) {
            throw new IllegalArgumentException("tensor name \"" + name + "\" is used twice");
        }
    }

    private static ValueInfoProto valueInfo(String name, TensorProto.DataType type, Object... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object d : dims) {
            TensorShapeProto.Dimension.Builder dim = TensorShapeProto.Dimension.newBuilder();
            if (d instanceof String s) {
                dim.setDimParam(s);
            } else {
                dim.setDimValue(((Number) d).longValue());
            }
            shape.addDim(dim);
        }
        TypeProto.Tensor.Builder tensor = TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape);
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(tensor)).build();
    }
}
