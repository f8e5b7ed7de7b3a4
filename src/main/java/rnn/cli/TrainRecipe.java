package rnn.cli;

import java.util.List;

import rnn.data.DataInput;
import rnn.data.DataLoader;
import rnn.data.DataOptions;
import rnn.data.LoadedData;
import rnn.train.TrainConfig;

/**
 * How a data-parallel worker rebuilds what the driver trains: the resolved {@code train} options as arguments
 * (the same text config.json stores, {@link TrainOptions#flags}), parsed again and the data loaded with them, so that
 * every worker reads, splits and normalises the data exactly as the driver and a single-machine run do.
 */
public final class TrainRecipe {

    private TrainRecipe() {
    }

    /** What a worker holds: the configuration and the data, as the driver has them. */
    public record Loaded(TrainConfig config, LoadedData data) {
    }

    /** The arguments that give {@code config} and the resolved data options. */
    static List<String> args(TrainConfig config, DataOptions resolved) {
        return TrainOptions.args(TrainOptions.flags(config, resolved));
    }

    /**
     * Parses {@code args} (from {@link #args}) and loads {@code input} with them.
     *
     * @throws rnn.data.DataException as a single-machine load would (file, line, column and reason)
     */
    public static Loaded load(List<String> args, DataInput input) {
        TrainCommand c = TrainCommand.parse(args);
        TrainConfig config = c.config();
        return new Loaded(config, DataLoader.load(input, c.dataOptions(config)));
    }
}
