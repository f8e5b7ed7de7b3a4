package rnn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The defaults of DESIGN §2, and the layout each combination of flags means. */
class DataOptionsTest {

    @Test
    void defaultsAreThoseOfTheDesign() {
        DataOptions o = DataOptions.defaults(42);
        assertEquals(List.of(), o.targets());
        assertNull(o.features());
        assertEquals(20, o.window());
        assertEquals(1, o.horizon());
        assertEquals(1, o.stride());
        assertEquals(Normalization.ZSCORE, o.normalize());
        assertEquals(MissingPolicy.ERROR, o.missing());
        assertEquals(0.2, o.valSplit());
        assertEquals(',', o.delimiter());
        assertEquals(TargetMode.LAST, o.output());
        assertEquals(42, o.seed());
    }

    @Test
    void theLayoutFollowsTheIdFlag() {
        assertEquals(Layout.WINDOW, DataOptions.defaults(1).resolvedLayout());
        assertEquals(Layout.LONG, DataOptions.defaults(1).withId("id").resolvedLayout());
        assertEquals(Layout.WINDOW, DataOptions.defaults(1).withId("id").withLayout(Layout.WINDOW, null)
                .resolvedLayout());
        assertEquals(Layout.WIDE, DataOptions.defaults(1).withLayout(Layout.WIDE, 4).resolvedLayout());
    }

    @Test
    void enumsByCommandLineName() {
        assertEquals(Normalization.MINMAX, Normalization.fromName("minmax"));
        assertEquals(TargetMode.SEQUENCE, TargetMode.fromName("sequence"));
        assertEquals("error, drop, ffill", MissingPolicy.validNames());
        assertEquals("window, long, wide", Layout.validNames());
    }
}
