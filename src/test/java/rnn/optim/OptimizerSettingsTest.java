package rnn.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import rnn.nn.Param;
import rnn.nn.Parameters;
import rnn.optim.OptimizerSettings.Kind;

class OptimizerSettingsTest {

    private static void assertRejected(String message, Executable construction) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, construction);
        assertEquals(message, e.getMessage());
    }

    @Test
    void defaultsOfEachKind() {
        for (Kind kind : Kind.values()) {
            OptimizerSettings s = OptimizerSettings.defaults(kind);
            assertEquals(kind, s.kind());
            assertEquals(0.9, s.beta1());
            assertEquals(0.999, s.beta2());
            assertEquals(1e-8, s.eps());
            assertEquals(kind == Kind.ADAMW ? 0.01 : 0.0, s.weightDecay(), kind.toString());
            assertEquals(0.0, s.momentum());
            assertFalse(s.nesterov());
            assertEquals(0.99, s.rmsAlpha());
        }
    }

    @Test
    void createBuildsTheOptimizerOfTheKind() {
        Parameters params = new Parameters(List.of(new Param("a", 3), new Param("w", 2, 2)));
        assertInstanceOf(Adam.class, OptimizerSettings.defaults(Kind.ADAM).create(params));
        assertInstanceOf(Adam.class, OptimizerSettings.defaults(Kind.ADAMW).create(params)); // decoupled mode
        assertInstanceOf(Sgd.class, OptimizerSettings.defaults(Kind.SGD).create(params));
        assertInstanceOf(RmsProp.class, OptimizerSettings.defaults(Kind.RMSPROP).create(params));
    }

    @Test
    void kindsHaveCommandLineNames() {
        assertEquals(Kind.ADAMW, Kind.fromName("adamw"));
        assertEquals("rmsprop", Kind.RMSPROP.cliName());
        assertRejected("{{optimizer}}: expected one of adam, adamw, sgd, rmsprop, got \"lbfgs\"",
                () -> Kind.fromName("lbfgs"));
    }

    @Test
    void rejectsValuesOutOfRange() {
        OptimizerSettings sgd = OptimizerSettings.defaults(Kind.SGD);
        OptimizerSettings adam = OptimizerSettings.defaults(Kind.ADAM);
        assertRejected("{{momentum}}: expected a value in [0, 1), got 1.5", () -> sgd.withMomentum(1.5));
        assertRejected("{{momentum}}: expected a value in [0, 1), got -0.1", () -> sgd.withMomentum(-0.1));
        assertRejected("{{weight_decay}}: expected a non-negative number, got -0.01", () -> sgd.withWeightDecay(-0.01));
        assertRejected("{{weight_decay}}: expected a non-negative number, got NaN",
                () -> sgd.withWeightDecay(Double.NaN));
        assertRejected("{{beta1}}: expected a value in [0, 1), got 1.0",
                () -> new OptimizerSettings(Kind.ADAM, 1.0, 0.999, 1e-8, 0, 0, false, 0.99));
        assertRejected("{{beta2}}: expected a value in [0, 1), got -0.5",
                () -> new OptimizerSettings(Kind.ADAM, 0.9, -0.5, 1e-8, 0, 0, false, 0.99));
        assertRejected("{{eps}}: expected a non-negative number, got -1.0E-8",
                () -> new OptimizerSettings(Kind.ADAM, 0.9, 0.999, -1e-8, 0, 0, false, 0.99));
        assertRejected("{{rms_alpha}}: expected a value in [0, 1), got 1.0",
                () -> new OptimizerSettings(Kind.RMSPROP, 0.9, 0.999, 1e-8, 0, 0, false, 1.0));
        assertRejected("{{optimizer}}: expected one of adam, adamw, sgd, rmsprop, got null",
                () -> new OptimizerSettings(null, 0.9, 0.999, 1e-8, 0, 0, false, 0.99));
        assertEquals(0.0, adam.withMomentum(0).momentum(), "momentum 0 is accepted for every kind");
    }

    @Test
    void rejectsFlagsThatTheKindWouldIgnore() {
        OptimizerSettings sgd = OptimizerSettings.defaults(Kind.SGD);
        assertRejected("{{nesterov}}: expected {{momentum}} > 0, got 0.0", () -> sgd.withNesterov(true));
        assertRejected("{{momentum}}: expected 0 with {{optimizer}} adam (momentum applies to sgd and rmsprop), "
                + "got 0.9",
                () -> OptimizerSettings.defaults(Kind.ADAM).withMomentum(0.9));
        assertRejected("{{nesterov}}: expected {{optimizer}} sgd, got rmsprop",
                () -> OptimizerSettings.defaults(Kind.RMSPROP).withMomentum(0.9).withNesterov(true));
        assertEquals(0.9, OptimizerSettings.defaults(Kind.RMSPROP).withMomentum(0.9).momentum());
    }
}
