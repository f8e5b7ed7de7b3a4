package rnn.data;

/**
 * The windows of one part of a token stream (DESIGN §3, text layout): the part is tokens [from, from + length);
 * window i has inputs at tokens from + i·S … from + i·S + T − 1 and targets one token later, and there are as many
 * windows as fit with their targets: ⌊(length − T − 1) / S⌋ + 1 when length ≥ T + 1, else none. A window is its
 * index (its start is computed, nothing is stored per window).
 *
 * <p>In streams ({@code --stateful}, {@link #inStreams}): the part is cut into B contiguous streams of
 * L = ⌊(length − 1) / B⌋ input tokens each (stream b starts at token from + b·L; the targets of its last input
 * are still inside the part), each stream into J = ⌊L / T⌋ consecutive windows of T (stride T), and window
 * k = j·B + b is window j of stream b: read in order, batch j of B windows holds window j of every stream, row b
 * continuing row b of batch j − 1. The tokens past B·L (and past J·T in a stream) are not read.
 */
final class TokenWindows {

    final TokenIds ids;
    final int from;
    final int length;
    final int window;
    final int stride;
    /** B for windows in streams, 0 for plain windows. */
    final int streams;
    /** L: input tokens per stream (0 for plain windows). */
    private final int streamLength;
    private final int count;

    TokenWindows(TokenIds ids, int from, int length, int window, int stride) {
        this.ids = ids;
        this.from = from;
        this.length = length;
        this.window = window;
        this.stride = stride;
        this.streams = 0;
        this.streamLength = 0;
        this.count = count(length, window, stride);
    }

    private TokenWindows(TokenWindows part, int streams) {
        this.ids = part.ids;
        this.from = part.from;
        this.length = part.length;
        this.window = part.window;
        this.stride = part.window;
        this.streams = streams;
        this.streamLength = (part.length - 1) / streams;
        this.count = streams * (streamLength / window);
    }

    /** The same part as {@code streams} contiguous streams of consecutive windows (see the class comment). */
    TokenWindows inStreams(int streams) {
        if (streams < 1) {
            throw new IllegalArgumentException("streams: expected a positive integer, got " + streams);
        }
        return new TokenWindows(this, streams);
    }

    /** The most streams of at least one window this part holds: ⌊(length − 1) / T⌋. */
    int maxStreams() {
        return (length - 1) / window;
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
        return start(k) + t;
    }

    /** The position of input step 0 of window k. */
    private int start(int k) {
        return streams == 0 ? from + k * stride : from + (k % streams) * streamLength + (k / streams) * window;
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
            int p = start(k);
            for (int t = 0; t < T; t++) {
                x[t * batch + b] = ids.get(p + t);
                y[t * batch + b] = ids.get(p + t + 1);
            }
        }
    }
}
