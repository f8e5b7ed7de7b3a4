package rnn.data;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The distinct byte spans of one array, numbered in first-seen order: an open-addressing hash table whose keys are
 * (start, length) pairs into the bytes, so that looking up a word of a text allocates nothing. Each distinct span
 * becomes a string once, when it is first added.
 */
final class ByteSpanTable {

    private final byte[] bytes;
    /** Slot → symbol + 1 (0: empty); the length is a power of two, at most half full. */
    private int[] slots = new int[1024];
    private int[] starts = new int[256];
    private int[] lengths = new int[256];
    private final List<String> symbols = new ArrayList<>();

    ByteSpanTable(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The symbols in first-seen order: symbol k is {@code symbols().get(k)}. */
    List<String> symbols() {
        return symbols;
    }

    int size() {
        return symbols.size();
    }

    /** The symbol of bytes [from, to), added when new. */
    int add(int from, int to) {
        int found = find(from, to);
        if (found >= 0) {
            return found;
        }
        int k = symbols.size();
        if (k == starts.length) {
            starts = Arrays.copyOf(starts, 2 * k);
            lengths = Arrays.copyOf(lengths, 2 * k);
        }
        starts[k] = from;
        lengths[k] = to - from;
        symbols.add(new String(bytes, from, to - from, StandardCharsets.UTF_8));
        if (2 * (k + 1) > slots.length) {
            rehash();
        }
        insert(k);
        return k;
    }

    /** The symbol of bytes [from, to), or −1 when it was never added. */
    int find(int from, int to) {
        int mask = slots.length - 1;
        for (int s = hash(from, to) & mask;; s = (s + 1) & mask) {
            int v = slots[s];
            if (v == 0) {
                return -1;
            }
            int k = v - 1;
            if (lengths[k] == to - from
                    && Arrays.equals(bytes, starts[k], starts[k] + lengths[k], bytes, from, to)) {
                return k;
            }
        }
    }

    private void insert(int k) {
        int mask = slots.length - 1;
        int s = hash(starts[k], starts[k] + lengths[k]) & mask;
        while (slots[s] != 0) {
            s = (s + 1) & mask;
        }
        slots[s] = k + 1;
    }

    private void rehash() {
        slots = new int[2 * slots.length];
        for (int k = 0; k < symbols.size() - 1; k++) {
            insert(k);
        }
    }

    private int hash(int from, int to) {
        int h = 0x811C9DC5;
        for (int i = from; i < to; i++) {
            h = (h ^ bytes[i]) * 0x01000193;
        }
        return h ^ (h >>> 16);
    }
}
