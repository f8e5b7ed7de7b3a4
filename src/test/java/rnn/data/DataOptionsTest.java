package rnn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        assertEquals(TestData.layout("window"), DataOptions.defaults(1).resolvedLayout());
        assertEquals(TestData.layout("long"), DataOptions.defaults(1).withId("id").resolvedLayout());
        assertEquals(TestData.layout("window"), DataOptions.defaults(1).withId("id").withLayout(TestData.layout("window"), null)
                .resolvedLayout());
        assertEquals(TestData.layout("wide"), DataOptions.defaults(1).withLayout(TestData.layout("wide"), 4).resolvedLayout());
    }

    @Test
    void enumsByCommandLineName() {
        assertEquals(Normalization.MINMAX, Named.lookup(Normalization.values(), "minmax").orElseThrow());
        assertEquals(TargetMode.SEQUENCE, Named.lookup(TargetMode.values(), "sequence").orElseThrow());
        assertEquals("error, drop, ffill", Named.names(MissingPolicy.values()));
        assertEquals("window, long, wide, text", Layouts.names());
        assertEquals("wide", Layouts.named("wide").orElseThrow().cliName());
        assertTrue(Layouts.named("tall").isEmpty(), "an unknown name is no layout; the command line words the error");
        assertTrue(Named.lookup(MissingPolicy.values(), "skip").isEmpty());
        assertTrue(Named.lookup(MissingPolicy.values(), null).isEmpty());
    }
}
