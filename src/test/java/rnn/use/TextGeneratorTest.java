package rnn.use;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import rnn.data.DataLoader;
import rnn.data.DataOptions;
import rnn.data.Layouts;
import rnn.data.LoadedData;
import rnn.data.TargetMode;
import rnn.data.TokenCodec;
import rnn.nn.Activation;
import rnn.nn.CellType;
import rnn.nn.Compute;
import rnn.nn.GruVariant;
import rnn.nn.ModelSpec;
import rnn.nn.OutputMode;
import rnn.nn.RecurrentModel;
import rnn.nn.TokenInput;
import rnn.random.Rng;

/** Generation one step at a time with the state carried equals running the whole sequence at once. */
class TextGeneratorTest {

    @TempDir
    Path dir;

    @Test
    void stepsWithCarriedStateDrawAsFullForwardsOverTheGrowingText() throws IOException {
        Path f = dir.resolve("t.txt");
        Files.writeString(f, "abcabdacbdabcdd");
        LoadedData d = DataLoader.load(f, DataOptions.builder(1).layout(Layouts.named("text").orElseThrow())
                .window(3).stride(3).valSplit(0).output(TargetMode.SEQUENCE).classification(true).build());
        TokenCodec codec = TokenCodec.of(d.contract());
        int v = codec.size();
        for (int embedding : new int[] {0, 3}) {
            ModelSpec spec = new ModelSpec(CellType.LSTM, Activation.TANH, GruVariant.RESET_AFTER, 1, new int[] {6, 5},
                    v, OutputMode.SEQUENCE, 0.0, 0.0, false).withTokens(new TokenInput(v, embedding));
            RecurrentModel model = new RecurrentModel(spec, Compute.singleThreaded());
            model.initialize(new Rng(4));
            int[] prime = {codec.id("a"), codec.id("b"), codec.id("c")};
            StringBuilder text = new StringBuilder();
            int[] drawn = new TextGenerator(model, codec, new TokenSampler(v, 1, 0, 1, false))
                    .generate(prime, "c", 40, new Rng(1), text::append);

            // independent: the whole text so far through one forward, a draw from its last step (never <unk>)
            TokenSampler sampler = new TokenSampler(v, 1, 0, 1, false);
            Rng rng = new Rng(1);
            RecurrentModel full = new RecurrentModel(spec, Compute.singleThreaded());
            full.initialize(new Rng(4));
            int[] seq = Arrays.copyOf(prime, prime.length + drawn.length);
            StringBuilder expected = new StringBuilder();
            for (int n = 0; n < drawn.length; n++) {
                int len = prime.length + n;
                double[] x = new double[len];
                for (int t = 0; t < len; t++) {
                    x[t] = seq[t];
                }
                double[] logits = full.forward(rnn.nn.SequenceInput.of(x, 1, len, 1), false, false);
                int best = sampler.next(logits, (len - 1) * v, 0, rng);
                seq[len] = best;
                expected.append(codec.symbol(best));
            }
            assertArrayEquals(Arrays.copyOfRange(seq, prime.length, seq.length), drawn, "embedding " + embedding);
            assertEquals(expected.toString(), text.toString());
        }
    }

    /**
     * The generation path at the sizes where the multiplies pack their operands (weights frozen and packed once,
     * the one-row kernels), float as {@code rnn generate} runs, with the plain-Java and the vector kernels: the
     * tokens drawn equal those of full forwards over the growing text by a model that freezes nothing.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0} {1}")
    @org.junit.jupiter.params.provider.CsvSource({"LSTM,quick", "LSTM,vector", "GRU,quick", "GRU,vector",
        "RNN,vector"})
    void theFrozenOneRowPathDrawsAsFullForwards(CellType cell, String kernels) throws IOException {
        Path f = dir.resolve("t.txt");
        Files.writeString(f, "the cat sat on the mat; a dog ate the hat.");
        LoadedData d = DataLoader.load(f, DataOptions.builder(1).layout(Layouts.named("text").orElseThrow())
                .window(3).stride(3).valSplit(0).output(TargetMode.SEQUENCE).classification(true).build());
        TokenCodec codec = TokenCodec.of(d.contract());
        int v = codec.size();
        ModelSpec spec = new ModelSpec(cell, Activation.TANH, GruVariant.RESET_AFTER, 1, new int[] {72, 40}, v,
                OutputMode.SEQUENCE, 0.0, 0.0, false).withTokens(new TokenInput(v, 0));
        java.util.function.Supplier<Compute> compute = () -> kernels.equals("quick")
                ? Compute.quickStart(1, rnn.nn.Precision.FLOAT) : new Compute(1, rnn.nn.Precision.FLOAT);
        RecurrentModel model = new RecurrentModel(spec, compute.get());
        model.initialize(new Rng(4));
        int[] prime = {codec.id("t"), codec.id("h")};
        int[] drawn = new TextGenerator(model, codec, new TokenSampler(v, 1, 0, 1, false))
                .generate(prime, "h", 30, new Rng(1), t -> { });

        TokenSampler sampler = new TokenSampler(v, 1, 0, 1, false);
        Rng rng = new Rng(1);
        RecurrentModel full = new RecurrentModel(spec, compute.get());
        full.initialize(new Rng(4));
        int[] seq = Arrays.copyOf(prime, prime.length + drawn.length);
        for (int n = 0; n < drawn.length; n++) {
            int len = prime.length + n;
            double[] x = new double[len];
            for (int t = 0; t < len; t++) {
                x[t] = seq[t];
            }
            double[] logits = full.forward(rnn.nn.SequenceInput.of(x, 1, len, 1), false, false);
            seq[len] = sampler.next(logits, (len - 1) * v, 0, rng);
        }
        assertArrayEquals(Arrays.copyOfRange(seq, prime.length, seq.length), drawn);
    }

    /**
     * "One step per token with nothing allocated per step": after a first generation (buffers sized, views
     * made), a generation of 3,000 tokens of a character model allocates on this thread no more than the array
     * of the ids it returns and a fixed allowance (4 bytes a token would be one small object per step).
     */
    @Test
    void aGenerationStepAllocatesNothing() throws IOException {
        Path f = dir.resolve("t.txt");
        Files.writeString(f, "the cat sat on the mat; a dog ate the hat.");
        LoadedData d = DataLoader.load(f, DataOptions.builder(1).layout(Layouts.named("text").orElseThrow())
                .window(3).stride(3).valSplit(0).output(TargetMode.SEQUENCE).classification(true).build());
        TokenCodec codec = TokenCodec.of(d.contract());
        int v = codec.size();
        ModelSpec spec = new ModelSpec(CellType.LSTM, Activation.TANH, GruVariant.RESET_AFTER, 1, new int[] {72, 40},
                v, OutputMode.SEQUENCE, 0.0, 0.0, false).withTokens(new TokenInput(v, 0));
        // the plain-Java kernels: the vector code allocates each vector until the optimising compiler has run
        try (Compute compute = Compute.quickStart(1, rnn.nn.Precision.FLOAT)) {
            RecurrentModel model = new RecurrentModel(spec, compute);
            model.initialize(new Rng(4));
            TextGenerator g = new TextGenerator(model, codec, new TokenSampler(v, 0.8, 5, 0.9, false));
            int[] prime = {codec.id("t")};
            long[] chars = new long[1];
            TextGenerator.Sink sink = t -> chars[0] += t.length();
            Rng rng = new Rng(1);
            g.generate(prime, null, 100, rng, sink);
            com.sun.management.ThreadMXBean mx =
                    (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
            long before = mx.getCurrentThreadAllocatedBytes();
            int length = 3000;
            g.generate(prime, null, length, rng, sink);
            long allocated = mx.getCurrentThreadAllocatedBytes() - before;
            long ids = 16 + 4L * length;
            org.junit.jupiter.api.Assertions.assertTrue(allocated < ids + 2048,
                    allocated + " bytes allocated for " + length + " tokens (the ids take " + ids + ")");
        }
    }
}
