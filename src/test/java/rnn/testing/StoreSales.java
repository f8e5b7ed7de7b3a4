package rnn.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import rnn.random.Rng;

/**
 * A small CSV with a categorical column whose level shifts the target, written by a documented rule (no file in
 * the repository):
 * <pre>
 *   seq,t,x,dow,store,y           one row per step; SEQUENCES sequences "q0", "q1", … of STEPS rows each
 *   t     = 0 … STEPS − 1
 *   x     = Uniform(−1, 1) from new Rng(seed), row by row
 *   dow   = (q + t) mod 7         a whole number (numeric unless named by --categorical)
 *   store = "s" + (q mod STORES)  the same for every row of a sequence
 *   y     = x + OFFSET(store),    OFFSET(s_k) = 1.5·(k − (STORES − 1)/2)
 * </pre>
 * With the long layout ({@code --id seq --time t --output sequence}) a model that sees the store predicts y
 * exactly; one that does not can only learn x plus the mean offset.
 */
public final class StoreSales {

    public static final int STORES = 6;
    public static final int STEPS = 8;

    private StoreSales() {
    }

    /** The offset of store k. */
    public static double offset(int k) {
        return 1.5 * (k - (STORES - 1) / 2.0);
    }

    /** Writes {@code sequences} sequences to {@code file}; {@code storeOf} may rename a sequence's store. */
    public static Path write(Path file, int sequences, long seed, java.util.function.IntFunction<String> storeOf)
            throws IOException {
        Rng rng = new Rng(seed);
        StringBuilder sb = new StringBuilder("seq,t,x,dow,store,y\n");
        for (int q = 0; q < sequences; q++) {
            int k = q % STORES;
            String store = storeOf == null ? "s" + k : storeOf.apply(q);
            for (int t = 0; t < STEPS; t++) {
                double x = rng.uniform(-1, 1);
                sb.append(String.format(Locale.ROOT, "q%d,%d,%.6f,%d,%s,%.6f%n", q, t, x, (q + t) % 7, store,
                        x + offset(k)));
            }
        }
        return Files.writeString(file, sb.toString());
    }

    /** {@link #write} with the rule's stores. */
    public static Path write(Path file, int sequences, long seed) throws IOException {
        return write(file, sequences, seed, null);
    }
}
