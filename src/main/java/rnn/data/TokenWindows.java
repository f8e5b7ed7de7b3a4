package rnn.data;

/**
 * The windows of one part of a token stream (DESIGN §3, text layout): the part is tokens [from, from + length);
 * window i has inputs at tokens from + i·S … from + i·S + T − 1 and targets one token later, and there are as many
 * windows as fit with their targets: ⌊(length − T − 1) / S⌋ + 1 when length ≥ T + 1, else none. A window is its
 * index (its start is computed, nothing is stored per window).
 */
final class TokenWindows {

    final TokenIds ids;
    final int from;
    final int length;
    final int window;
    final int stride;
    private final int count;

    TokenWindows(TokenIds ids, int from, int length, int window, int stride) {
        this.ids = ids;
        this.from = from;
        this.length = length;
        this.window = window;
        this.stride = stride;
        this.count = count(length, window, stride);
    }

    /** Windows of T inputs every S tokens, with their targets, in a part of {@code length} tokens. */
    static int count(long length, int window, int stride) {
        return length < (long) window + 1 ? 0 : (int) ((length - window - 1) / stride + 1);
    }

    int size() {
        return count;
    }

    /** The position in the stream of input step t of window k (its target is the next position). */
    int position(int k, int t) {
        return from + k * stride + t;
    }

    /**
     * Writes windows {@code order[first .. first+count−1]} into {@code x} and {@code y}, time-major with one value
     * per row: {@code x[t·B + b]} the input id, {@code y[t·B + b]} the target id (as doubles).
     */
    void fill(int[] order, int first, int batch, double[] x, double[] y, int[] examples) {
        final int T = window;
        for (int b = 0; b < batch; b++) {
            int k = order[first + b];
            examples[b] = k;
            int p = from + k * stride;
            for (int t = 0; t < T; t++) {
                x[t * batch + b] = ids.get(p + t);
                y[t * batch + b] = ids.get(p + t + 1);
            }
        }
    }
}
