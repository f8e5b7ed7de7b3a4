package rnn.use;

import java.io.IOException;

import rnn.data.TokenCodec;
import rnn.data.TokenKind;
import rnn.nn.RecurrentModel;
import rnn.nn.SequenceInput;
import rnn.random.Rng;

/**
 * Generates text with a trained text model ({@code rnn generate}): the prime's tokens are fed one step at a time
 * from the zero state, then each drawn token is written and fed back. One forward of T = 1, B = 1 per token
 * through the layers' own forward with the state carried ({@code carryState}) and the weights frozen
 * ({@link RecurrentModel#freezeWeights}: packed once, not at every step); the input buffer, the sampler's
 * buffers, the layers' buffers and the model's views are allocated once. A character model never draws {@code <unk>} (training never
 * had it as a target it could spell); a word model writes it as "&lt;unk&gt;".
 */
public final class TextGenerator {

    /** Receives each generated token's text as it is produced. */
    @FunctionalInterface
    public interface Sink {
        void write(String text) throws IOException;
    }

    private final RecurrentModel model;
    private final TokenCodec codec;
    private final TokenSampler sampler;
    private final double[] x = new double[1];
    private final SequenceInput step;
    private final int banned;

    public TextGenerator(RecurrentModel model, TokenCodec codec, TokenSampler sampler) {
        this.model = model;
        this.codec = codec;
        this.sampler = sampler;
        this.step = SequenceInput.of(x, 1, 1, 1);
        this.banned = codec.kind() == TokenKind.CHAR ? TokenCodec.unknownId() : -1;
    }

    /**
     * Feeds {@code prime} (at least one id) from the zero state, then writes {@code length} drawn tokens to
     * {@code out}, joined to the prime's last symbol ({@code previous}, or {@code null} when the prime is not
     * written).
     *
     * @return the ids drawn
     */
    public int[] generate(int[] prime, String previous, int length, Rng rng, Sink out) throws IOException {
        if (prime.length == 0) {
            throw new IllegalArgumentException("generation needs at least one token to start from");
        }
        model.freezeWeights(true);
        try {
            double[] logits = null;
            for (int i = 0; i < prime.length; i++) {
                x[0] = prime[i];
                logits = model.forward(step, false, i > 0);
            }
            int[] drawn = new int[length];
            String last = previous;
            for (int n = 0; n < length; n++) {
                int id = sampler.next(logits, 0, banned, rng);
                drawn[n] = id;
                String symbol = codec.symbol(id);
                out.write(codec.joined(last, symbol));
                last = symbol;
                if (n + 1 < length) {
                    x[0] = id;
                    logits = model.forward(step, false, true);
                }
            }
            return drawn;
        } finally {
            model.freezeWeights(false);
        }
    }
}
