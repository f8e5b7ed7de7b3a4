package rnn.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Numbers in the JSON reports of train, eval and inspect: JSON has no NaN or infinity, and a metadata value that is
 * not a number is absent, so each of these writes {@code null} instead.
 */
final class JsonNumbers {

    private JsonNumbers() {
    }

    /** {@code key: v}, or {@code key: null} when v is NaN or infinite. */
    static void putFinite(ObjectNode o, String key, double v) {
        if (Double.isFinite(v)) {
            o.put(key, v);
        } else {
            o.putNull(key);
        }
    }

    /** {@code key: v} as an int, or {@code key: null} when v is missing or not an int. */
    static void putInt(ObjectNode o, String key, String v) {
        try {
            o.put(key, Integer.parseInt(v));
        } catch (NumberFormatException e) {
            o.putNull(key);
        }
    }

    /** {@code key: v} as a long, or {@code key: null} when v is missing or not a long. */
    static void putLong(ObjectNode o, String key, String v) {
        try {
            o.put(key, Long.parseLong(v));
        } catch (NumberFormatException e) {
            o.putNull(key);
        }
    }
}
