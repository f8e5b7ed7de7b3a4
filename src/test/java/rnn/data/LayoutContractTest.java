package rnn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/** What every registered layout promises, checked for each (a new layout is checked by registering it). */
class LayoutContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyLayoutIsFoundByItsNameAndWrittenAsIt() throws Exception {
        Set<String> names = new HashSet<>();
        for (Layout layout : Layouts.all()) {
            String name = layout.cliName();
            assertTrue(name.matches("[a-z]+"), "a lower-case name: " + name);
            assertTrue(names.add(name), "one layout per name: " + name);
            assertSame(layout, Layouts.named(name).orElseThrow());
            assertEquals("\"" + name + "\"", JSON.writeValueAsString(layout), "the JSON form is the name");
            assertSame(layout, JSON.readValue("\"" + name + "\"", Layout.class));
            assertEquals(layout.exampleNoun() + "s", layout.examplesNoun());
        }
        assertThrows(Exception.class, () -> JSON.readValue("\"tall\"", Layout.class));
    }

    /** The names and defaults of release 1 stay: they are in every checkpoint and on every command line. */
    @Test
    void releaseOneNamesAndDefaults() {
        assertEquals(List.of("window", "long", "wide", "text"), Layouts.all().stream().map(Layout::cliName).toList());
        assertEquals("window, long, wide, text", Layouts.names());
        assertEquals("long", Layouts.byDefault(true).cliName());
        assertEquals("window", Layouts.byDefault(false).cliName());
    }

    /** A layout's shape holds only its own parameters, so the contract stores nothing another layout owns. */
    @Test
    void eachLayoutsShapeHoldsItsOwnParameters() {
        DataOptions o = DataOptions.defaults(1).withWindow(7, 2, 3);
        assertEquals(LayoutShape.windows(7, 2, 3), Layouts.named("window").orElseThrow().shape(o));
        assertEquals(LayoutShape.NONE, Layouts.named("long").orElseThrow().shape(o.withId("id")));
        assertEquals(LayoutShape.steps(4), Layouts.named("wide").orElseThrow()
                .shape(o.withLayout(Layouts.named("wide").orElseThrow(), 4)));
        assertEquals(2, Layouts.named("window").orElseThrow().targetOffset(LayoutShape.windows(7, 2, 3)));
        assertEquals(0, Layouts.named("long").orElseThrow().targetOffset(LayoutShape.NONE));
    }
}
