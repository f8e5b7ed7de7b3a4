package rnn.option;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import org.junit.jupiter.api.Test;

class OptionRefTest {

    /** A spelling written out by hand for the test (the real one is the command line's). */
    private static final Map<String, String> FLAGS = Map.of("window", "--window", "horizon", "--horizon",
            "targets", "--target");

    @Test
    void aReferenceIsTheFieldInDoubleBraces() {
        assertEquals("{{lr}}", OptionRef.of("lr"));
        assertEquals("{{val_split}}", OptionRef.of("val_split"));
        for (String bad : new String[] {"", "Lr", "--lr", "val-split", "1x", "lr}}", "a b"}) {
            assertThrows(IllegalArgumentException.class, () -> OptionRef.of(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> OptionRef.of(null));
    }

    @Test
    void everyReferenceOfAMessageIsSpelled() {
        assertEquals("f.csv: expected at least --window + --horizon = 21 rows, got 3; lower --window or --horizon",
                OptionRef.render("f.csv: expected at least {{window}} + {{horizon}} = 21 rows, got 3; lower "
                        + "{{window}} or {{horizon}}", FLAGS::get));
    }

    @Test
    void aFieldWithoutASpellingStaysItsBareName() {
        assertEquals("beta1: expected a value in [0, 1), got 1.0; see --target",
                OptionRef.render("{{beta1}}: expected a value in [0, 1), got 1.0; see {{targets}}", FLAGS::get));
        assertEquals("lower window or horizon", OptionRef.neutral("lower {{window}} or {{horizon}}"));
    }

    @Test
    void otherTextIsLeftAlone() {
        String plain = "data/{x}.csv: expected a number, got \"{{Not}}\" and {{ window }} and {{}} and {window}";
        assertEquals(plain, OptionRef.render(plain, FLAGS::get));
        String noBraces = "expected a number, got \"a$b\\c\"";
        assertSame(noBraces, OptionRef.render(noBraces, FLAGS::get));
        assertEquals("x --a$1\\ y", OptionRef.render("x {{window}} y", f -> "--a$1\\"),
                "a spelling is inserted literally, not as a regex replacement");
        assertEquals(null, OptionRef.render(null, FLAGS::get));
    }
}
