package rnn.onnx;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The one size limit of the exporter: protobuf's 2 GiB per message, checked before anything is built. */
class OnnxExportLimitTest {

    @Test
    void weightsBeyondTwoGibibytesAreRefused() {
        assertDoesNotThrow(() -> OnnxExport.requireExportable(OnnxExport.MAX_WEIGHT_BYTES));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OnnxExport.requireExportable(OnnxExport.MAX_WEIGHT_BYTES + 4));
        assertEquals("the weights take 2080374787 bytes as float32, more than the 2080374783 an ONNX file can hold "
                + "(protobuf's 2 GiB limit); export a smaller model ({{hidden}})", e.getMessage());
    }
}
