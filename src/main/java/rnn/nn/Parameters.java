package rnn.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The model's parameters in their one canonical order: layer by layer ({@code weight_ih, weight_hh, bias_ih,
 * bias_hh}), then the head ({@code weight, bias}). Optimizers, clipping, gradient checks and checkpoints all
 * walk this order.
 */
public final class Parameters implements Iterable<Param> {

    private final List<Param> list;
    private final Map<String, Param> byName;

    public Parameters(List<Param> params) {
        this.list = Collections.unmodifiableList(new ArrayList<>(params));
        this.byName = new LinkedHashMap<>();
        for (Param p : list) {
            if (byName.put(p.name(), p) != null) {
                throw new IllegalArgumentException("duplicate parameter name " + p.name());
            }
        }
    }

    /** The parameters in canonical order (unmodifiable). */
    public List<Param> list() {
        return list;
    }

    /** The parameter with this name, or {@code null}. */
    public Param get(String name) {
        return byName.get(name);
    }

    /** Total number of scalar parameters. */
    public long count() {
        long n = 0;
        for (Param p : list) {
            n += p.size();
        }
        return n;
    }

    /** Sets every gradient to zero. */
    public void zeroGrad() {
        for (Param p : list) {
            java.util.Arrays.fill(p.grad.data, 0.0);
        }
    }

    /** The global L2 norm of all gradients. */
    public double gradNorm() {
        double s = 0;
        for (Param p : list) {
            for (double g : p.grad.data) {
                s += g * g;
            }
        }
        return Math.sqrt(s);
    }

    @Override
    public Iterator<Param> iterator() {
        return list.iterator();
    }
}
