package rnn.nn;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import rnn.random.Rng;

/**
 * The hot kernels of one recurrent layer at the BENCH-SPEC shapes (B = 32, T = 50; layers (I, H) of the hidden
 * configurations [32], [128,64], [256,256], [512]): the per-step recurrent multiply of the forward pass and of the
 * backward pass, the fused input projection over all T·B rows, the weight-gradient multiply over all steps, and
 * the element-wise gate math of one step. Multiply-adds per call: forwardStep and backwardStep B·G·H·H,
 * inputProjection T·B·G·H·I, weightGradient G·H·H·T·B (GFLOP/s = 2 × that / time).
 *
 * <p>Run with {@code scripts/bench --jmh [JMH options]}, e.g. {@code scripts/bench --jmh -p shape=lstm:10:512}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseSerialGC"})
@State(Scope.Thread)
public class KernelBenchmark {

    static final int B = 32;
    static final int T = 50;

    /** cell:I:H — the layers of the BENCH-SPEC configurations. */
    @Param({"rnn:10:32", "gru:10:32", "lstm:10:32", "lstm:10:128", "lstm:128:64", "gru:256:256", "lstm:10:512"})
    public String shape;

    @Param({"FLOAT"})
    public Precision precision;

    /** true: the jdk.incubator.vector kernels and gate math; false: the plain-Java fallback. */
    @Param({"true"})
    public boolean vector;

    /** Compute threads (the multiplies split among them above a size threshold). */
    @Param({"1"})
    public int threads;

    private Compute compute;
    private GateMath gateMath;
    private String cell;
    private int inputs;
    private int hidden;
    private int gh;
    private double[] h;
    private double[] act;
    private double[] dG;
    private double[] dh;
    private double[] x;
    private double[] gx;
    private double[] hAll;
    private double[] cAll;
    private double[] tanhC;
    private double[] wIh;
    private double[] wHh;
    private double[] dWhh;
    private double[] bias;
    private double[] ghn;
    private double[] dGh;
    private double[] dcPrev;
    private Packed wHhT;
    private Packed wHhN;

    @Setup(Level.Trial)
    public void setUp() {
        String[] p = shape.split(":");
        cell = p[0];
        inputs = Integer.parseInt(p[1]);
        hidden = Integer.parseInt(p[2]);
        int gates = switch (cell) {
            case "rnn" -> 1;
            case "gru" -> 3;
            default -> 4;
        };
        gh = gates * hidden;
        compute = new Compute(threads, precision, vector);
        gateMath = compute.gateMath();
        Rng rng = new Rng(1);
        h = uniform(B * hidden, rng);
        act = uniform(B * gh, rng);
        dG = uniform(T * B * gh, rng);
        dGh = uniform(B * gh, rng);
        dh = uniform(B * hidden, rng);
        dcPrev = new double[B * hidden];
        x = uniform(T * B * inputs, rng);
        gx = new double[T * B * gh];
        hAll = uniform((T + 1) * B * hidden, rng);
        cAll = uniform(2 * B * hidden, rng);
        tanhC = new double[B * hidden];
        ghn = new double[B * hidden];
        wIh = uniform(gh * inputs, rng);
        wHh = uniform(gh * hidden, rng);
        bias = uniform(gh, rng);
        dWhh = new double[gh * hidden];
        wHhT = compute.packNT(compute.newPacked(), gh, hidden, wHh, 0, hidden);
        wHhN = compute.packNN(compute.newPacked(), gh, hidden, wHh, 0, hidden);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        compute.close();
    }

    /** act_t += h_{t−1}·W_hhᵀ (B × G·H × H), weights packed once per forward. */
    @Benchmark
    public double[] forwardStep() {
        compute.mul(B, h, 0, hidden, wHhT, act, 0, gh, true);
        return act;
    }

    /** dh_{t−1} = dG_t·W_hh (B × H × G·H). */
    @Benchmark
    public double[] backwardStep() {
        compute.mul(B, dG, 0, gh, wHhN, dh, 0, hidden, false);
        return dh;
    }

    /** gx = X·W_ihᵀ over all T·B rows (T·B × G·H × I). */
    @Benchmark
    public double[] inputProjection() {
        compute.mulNT(T * B, gh, inputs, x, 0, inputs, wIh, 0, inputs, gx, 0, gh, false);
        return gx;
    }

    /** dW_hh += dGᵀ·H_prev over all steps (G·H × H × T·B). */
    @Benchmark
    public double[] weightGradient() {
        compute.mulTN(gh, hidden, T * B, dG, 0, gh, hAll, 0, hidden, dWhh, 0, hidden, true);
        return dWhh;
    }

    /** The element-wise forward math of one step (activations written in place over a fresh copy). */
    @Benchmark
    public double[] gateForward() {
        System.arraycopy(dG, 0, act, 0, B * gh);
        if (gateMath == null) {
            return act;
        }
        switch (cell) {
            case "rnn" -> gateMath.rnnForward(B, hidden, false, act, 0, hAll, B * hidden);
            case "gru" -> gateMath.gruResetAfterForward(B, hidden, act, 0, dGh, 0, bias, ghn, hAll, 0, B * hidden);
            default -> gateMath.lstmForward(B, hidden, act, 0, cAll, tanhC, hAll, 0, B * hidden);
        }
        return act;
    }

    /** The element-wise backward math of one step. */
    @Benchmark
    public double[] gateBackward() {
        if (gateMath == null) {
            return dG;
        }
        switch (cell) {
            case "rnn" -> gateMath.rnnBackward(B, hidden, false, act, 0, dh, 0, dGh);
            case "gru" -> gateMath.gruResetAfterBackward(B, hidden, act, 0, ghn, hAll, 0, dh, dGh, dGh, dcPrev, 0);
            default -> gateMath.lstmBackward(B, hidden, act, 0, cAll, tanhC, 0, dh, dcPrev, dGh, dcPrev, 0);
        }
        return dGh;
    }

    private static double[] uniform(int n, Rng rng) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.uniform(-1, 1);
        }
        return v;
    }
}
