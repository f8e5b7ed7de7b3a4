package rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** JSON has no NaN or infinity and the reports have no half-parsed numbers: each such value is written as null. */
class JsonNumbersTest {

    private final ObjectNode o = new ObjectMapper().createObjectNode();

    @Test
    void finiteNumbersAsThemselvesOthersAsNull() {
        JsonNumbers.putFinite(o, "a", 1.5);
        JsonNumbers.putFinite(o, "b", -0.0);
        JsonNumbers.putFinite(o, "nan", Double.NaN);
        JsonNumbers.putFinite(o, "inf", Double.POSITIVE_INFINITY);
        JsonNumbers.putFinite(o, "ninf", Double.NEGATIVE_INFINITY);
        assertEquals("{\"a\":1.5,\"b\":-0.0,\"nan\":null,\"inf\":null,\"ninf\":null}", o.toString());
    }

    @Test
    void metadataTextAsANumberOrNull() {
        JsonNumbers.putInt(o, "epoch", "7");
        JsonNumbers.putInt(o, "bad", "7.5");
        JsonNumbers.putInt(o, "missing", null);
        JsonNumbers.putInt(o, "too_big", "5000000000");
        JsonNumbers.putLong(o, "step", "5000000000");
        JsonNumbers.putLong(o, "bad_step", "x");
        assertEquals("{\"epoch\":7,\"bad\":null,\"missing\":null,\"too_big\":null,\"step\":5000000000,"
                + "\"bad_step\":null}", o.toString());
    }
}
