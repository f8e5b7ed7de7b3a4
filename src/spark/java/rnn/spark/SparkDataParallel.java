package rnn.spark;

import rnn.data.DataInput;
import rnn.train.DataParallel;
import rnn.train.EpochTraining;

/** {@link DataParallel} on Apache Spark (registered in META-INF/services for {@link java.util.ServiceLoader}). */
public final class SparkDataParallel implements DataParallel {

    @Override
    public DataInput input(String location) {
        return HadoopInputs.input(location);
    }

    @Override
    public EpochTraining start(Job job) {
        return new SparkEpochTraining(job);
    }
}
