package rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import rnn.use.BaselineScores;
import rnn.use.EvalReport;

/** summary.json's {@code baselines} object (issue 12 item 3): each baseline's numbers, the verdict, the note. */
class SummaryBaselinesTest {

    @Test
    void regressionBaselinesWithTheVerdict() {
        BaselineScores s = new BaselineScores(null, List.of(new EvalReport.Baseline("last_value", "", 0.5,
                new EvalReport.Errors(4, 2, 1.5, 0.25))), null, "a note");
        assertEquals("{\"last_value\":{\"val_loss\":0.5,\"mse\":4.0,\"rmse\":2.0,\"mae\":1.5,\"r2\":0.25},"
                + "\"beaten_by_model\":true,\"note\":\"a note\"}",
                TrainCommand.baselinesJson(s, s.verdict(0.9, 1.5)).toString()); // RMSE 1.5 < 2
        assertEquals("{\"last_value\":{\"val_loss\":0.5,\"mse\":4.0,\"rmse\":2.0,\"mae\":1.5,\"r2\":0.25},"
                + "\"beaten_by_model\":false,\"note\":\"a note\"}",
                TrainCommand.baselinesJson(s, s.verdict(0.1, 2.5)).toString());
    }

    @Test
    void theMajorityClassWithAnUndefinedLogLoss() {
        BaselineScores s = new BaselineScores(null, List.of(), new EvalReport.ClassBaseline("majority", "", "up",
                0.6, Double.NaN), null);
        assertEquals("{\"majority\":{\"class\":\"up\",\"accuracy\":0.6,\"log_loss\":null}}",
                TrainCommand.baselinesJson(s, s.verdict(0.3, Double.NaN)).toString());
    }
}
