package rnn.use;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import rnn.data.Batch;
import rnn.data.BatchIterator;
import rnn.data.DataLoader;
import rnn.data.DataOptions;
import rnn.data.Dataset;
import rnn.data.InputContract;
import rnn.data.Layouts;
import rnn.data.TargetMode;

/** How predictions map back to rows and units, without a model: a prediction of 0 (normalised) is the mean. */
class PredictionWriterTest {

    @TempDir
    Path dir;

    /**
     * Wide layout, a target at every step: output o at step t is de-normalised with step t's own target column
     * (y0, y1, y2 have means 25, 250, 2500, worked out by hand), on the line of the example's row.
     */
    @Test
    void wideSequenceOutputsUseEachStepsTargetStatistics() throws IOException {
        Path f = dir.resolve("wide.csv");
        Files.writeString(f, "a0,a1,a2,y0,y1,y2\n1,2,3,10,100,1000\n2,3,4,20,200,2000\n3,4,5,30,300,3000\n"
                + "4,5,6,40,400,4000\n");
        DataOptions options = DataOptions.defaults(1).withLayout(Layouts.named("wide").orElseThrow(), 3)
                .withFeatures("a0", "a1", "a2").withTargets("y0", "y1", "y2").withOutput(TargetMode.SEQUENCE)
                .withValSplit(0);
        InputContract contract = DataLoader.load(f, options).contract();
        Dataset data = DataLoader.loadForModel(f, contract, ',', DataLoader.Purpose.PREDICT);
        StringWriter out = new StringWriter();
        PredictionWriter writer = new PredictionWriter(out, contract, data);
        writer.writeHeader();
        Batch batch = data.newBatch(2);
        BatchIterator it = data.batches(2, null);
        while (it.next(batch)) {
            writer.write(batch, new double[batch.targetRows() * contract.outputs()]);
        }
        // actual_y0: the row's target of that step (y0, y1, y2), as written in the file
        assertEquals(List.of("example,step,line,pred_y0,actual_y0",
                "1,1,2,25.0,10.0", "1,2,2,250.0,100.0", "1,3,2,2500.0,1000.0",
                "2,1,3,25.0,20.0", "2,2,3,250.0,200.0", "2,3,3,2500.0,2000.0",
                "3,1,4,25.0,30.0", "3,2,4,250.0,300.0", "3,3,4,2500.0,3000.0",
                "4,1,5,25.0,40.0", "4,2,5,250.0,400.0", "4,3,5,2500.0,4000.0"), out.toString().lines().toList());
    }
}
