package rnn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LossLogTest {

    @TempDir
    Path dir;

    @Test
    void rowsAreAppendedAndReadBackExactly() throws IOException {
        LossLog log = new LossLog(dir, false);
        log.truncateAfter(0);
        log.append(new LossLog.Row(1, 0.5, 0.25, 1e-3, 3.0, 1.234, Double.NaN));
        log.append(new LossLog.Row(2, 0.1 + 0.2, Double.NaN, 1e-3, 2.0, 1.0, Double.NaN));
        assertEquals(List.of("epoch,train_loss,val_loss,lr,grad_norm,seconds", "1,0.5,0.25,0.001,3.0,1.234",
                "2,0.30000000000000004,,0.001,2.0,1.000"), Files.readAllLines(log.path()));
        List<LossLog.Row> rows = log.read();
        assertEquals(0.30000000000000004, rows.get(1).trainLoss());
        assertTrue(Double.isNaN(rows.get(1).valLoss()));
    }

    @Test
    void resumingFromAnEarlierEpochDropsTheLaterRows() throws IOException {
        LossLog log = new LossLog(dir, true);
        log.truncateAfter(0);
        for (int e = 1; e <= 5; e++) {
            log.append(new LossLog.Row(e, 1.0 / e, 2.0 / e, 1e-3, 1, 1, 0.5));
        }
        log.truncateAfter(3);
        assertArrayEquals(new int[] {1, 2, 3}, log.read().stream().mapToInt(LossLog.Row::epoch).toArray());
        assertEquals("epoch,train_loss,val_loss,lr,grad_norm,seconds,val_accuracy", Files.readAllLines(log.path()).get(0));
    }

    @Test
    void plotsArePngOrSvgOrNothing() throws IOException {
        List<LossLog.Row> rows = List.of(new LossLog.Row(1, 1.0, 1.2, 1e-3, 1, 1, Double.NaN),
                new LossLog.Row(2, 0.05, 0.08, 1e-3, 1, 1, Double.NaN),
                new LossLog.Row(3, 0.002, 0.01, 1e-3, 1, 1, Double.NaN));
        LossPlot.draw(dir, rows, "gru [64]", LossPlot.Format.PNG);
        byte[] png = Files.readAllBytes(dir.resolve("loss.png"));
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(png, 4));
        LossPlot.draw(dir, rows, "gru [64]", LossPlot.Format.SVG);
        assertTrue(Files.readString(dir.resolve("loss.svg")).contains("<svg"));
        Files.delete(dir.resolve("loss.png"));
        LossPlot.draw(dir, rows, "gru [64]", LossPlot.Format.NONE);
        assertFalse(Files.exists(dir.resolve("loss.png")));
    }
}
