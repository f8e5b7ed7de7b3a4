package rnn.onnx;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** What the exporter refuses before it builds anything: more than protobuf's 2 GiB, a parameter it cannot map. */
class OnnxExportRefusalTest {

    @Test
    void weightsBeyondTwoGibibytesAreRefused() {
        assertDoesNotThrow(() -> OnnxExport.requireExportable(OnnxExport.MAX_WEIGHT_BYTES));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OnnxExport.requireExportable(OnnxExport.MAX_WEIGHT_BYTES + 4));
        assertEquals("the weights take 2080374787 bytes as float32, more than the 2080374783 an ONNX file can hold "
                + "(protobuf's 2 GiB limit); export a smaller model ({{hidden}})", e.getMessage());
    }

    @Test
    void aParameterTheGraphWouldLeaveOutIsRefused() {
        rnn.nn.Parameters mapped = new rnn.nn.Parameters(java.util.List.of(new rnn.nn.Param("layers.0.weight_ih_l0",
                3, 2), new rnn.nn.Param("head.bias", 1)));
        assertDoesNotThrow(() -> OnnxExport.requireMapped(mapped));
        assertDoesNotThrow(() -> OnnxExport.requireMapped(new rnn.nn.Parameters(java.util.List.of(
                new rnn.nn.Param("inputs.store.weight", 4, 2), new rnn.nn.Param("head.bias", 1)))));
        rnn.nn.Parameters embedded = new rnn.nn.Parameters(java.util.List.of(new rnn.nn.Param("embedding.weight",
                4, 2), new rnn.nn.Param("head.bias", 1)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OnnxExport.requireMapped(embedded));
        assertEquals("its tensor \"embedding.weight\" has no counterpart in the ONNX graph this rnn writes (it "
                + "maps inputs.*, layers.*, head.*); use rnn predict for this model", e.getMessage());
    }
}
