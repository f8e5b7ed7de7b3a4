package rnn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** {@code --horizon H | 1..H}: the one parser, the options' rules, the shape it gives. */
class HorizonTest {

    @Test
    void oneStepOrAPathReadsAndWritesTheSameText() {
        assertEquals(Horizon.step(3), Horizon.parse("3"));
        assertEquals(new Horizon(1, 12), Horizon.parse("1..12"));
        assertEquals(new Horizon(1, 12), Horizon.parse(" 1 .. 12 "));
        assertEquals(new Horizon(1, 1), Horizon.parse("1..1"));
        for (String s : List.of("0", "3", "1..1", "1..12")) {
            assertEquals(s, Horizon.parse(s).toString());
        }
        assertTrue(Horizon.parse("1..2").path());
        assertFalse(Horizon.parse("2").path());
    }

    @Test
    void anythingElseIsOneMessage() {
        for (String bad : List.of("0..3", "3..1", "1..x", "2..5", "1..0", "..3", "1..", "x", "1...3", "")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Horizon.parse(bad));
            assertEquals("expected a whole number H >= 0, or 1..H (every step from 1 to H, H >= 1), got \"" + bad
                    + "\"", e.getMessage());
        }
    }

    @Test
    void aPathIsForWindowsOfNumericTargetsWithOneOutputPerWindow() {
        DataOptions.Builder b = DataOptions.builder(1).horizon(Horizon.parse("1..4"));
        assertEquals(LayoutShape.windows(20, Horizon.parse("1..4"), 1), b.build().resolvedLayout().shape(b.build()));
        assertEquals(4, b.build().resolvedLayout().shape(b.build()).targetSteps());
        DataException longLayout = assertThrows(DataException.class, () -> b.id("id").build());
        assertEquals("{{horizon}}: expected one step H with the long layout, got the path 1..4; a path of steps is "
                + "for the window layout (rows of a series in time order)", longLayout.getMessage());
        assertEquals(DataException.USAGE, longLayout.exitCode());
        DataException wide = assertThrows(DataException.class, () -> DataOptions.builder(1)
                .horizon(Horizon.parse("1..4")).layout(Layouts.named("wide").orElseThrow()).steps(3).build());
        assertEquals("{{horizon}}: expected one step H with the wide layout, got the path 1..4; a path of steps is "
                + "for the window layout (rows of a series in time order)", wide.getMessage());
        DataException text = assertThrows(DataException.class, () -> DataOptions.builder(1)
                .horizon(Horizon.parse("1..4")).layout(Layouts.named("text").orElseThrow()).build());
        assertEquals("{{horizon}}: expected one step H with the text layout, got the path 1..4; a path of steps is "
                + "for the window layout (rows of a series in time order)", text.getMessage());
        DataException sequence = assertThrows(DataException.class, () -> DataOptions.builder(1)
                .horizon(Horizon.parse("1..4")).output(TargetMode.SEQUENCE).build());
        assertEquals("{{horizon}}: expected one step H with {{output}} sequence, got the path 1..4; use {{output}} "
                + "last for a path of steps", sequence.getMessage());
        DataException classes = assertThrows(DataException.class, () -> DataOptions.builder(1)
                .horizon(Horizon.parse("1..4")).classification(true).build());
        assertEquals("{{horizon}}: expected one step H with a classification loss, got the path 1..4; use {{loss}} "
                + "mse, mae or huber for a path of steps", classes.getMessage());
        DataException from = assertThrows(DataException.class, () -> DataOptions.builder(1).horizon(4).horizonFrom(2)
                .build());
        assertEquals("{{horizon}}: expected a whole number H >= 0, or 1..H (every step from 1 to H, H >= 1), got "
                + "\"2..4\"", from.getMessage());
    }

    @Test
    void oneStepKeepsItsMeaning() {
        DataOptions o = DataOptions.builder(1).horizon(Horizon.parse("1..4")).build().withWindow(5, 2, 1);
        assertNull(o.horizonFrom(), "withWindow names one step");
        LayoutShape s = o.resolvedLayout().shape(o);
        assertEquals(LayoutShape.windows(5, 2, 1), s);
        assertEquals(1, s.targetSteps());
        assertEquals(2, s.firstStep());
        assertEquals(2, o.resolvedLayout().targetOffset(s));
    }
}
