package rnn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The ISO-8601 forms of a --time column, as seconds since 1970-01-01T00:00Z. */
class TimeParserTest {

    private static final double DAY = 86_400;

    @Test
    void isoDatesAndTimes() {
        assertEquals(0, TimeParser.parse("1970-01-01"));
        assertEquals(31 * DAY, TimeParser.parse("1970-02"));
        assertEquals(DAY + 3600 * 12 + 30 * 60, TimeParser.parse("1970-01-02T12:30"));
        assertEquals(DAY + 3600 * 12 + 30 * 60 + 15.25, TimeParser.parse("1970-01-02 12:30:15.25"));
        assertEquals(3600, TimeParser.parse("1970-01-01T01:00:00Z"));
        assertEquals(0, TimeParser.parse("1970-01-01T01:00:00+01:00"));
        assertEquals(3600 * 5, TimeParser.parse(" 1970-01-01T00:00:00-05:00 "));
    }

    @Test
    void quartersAsAnExtension() {
        assertEquals(TimeParser.parse("1959-04-01"), TimeParser.parse("1959Q2"));
        assertEquals(TimeParser.parse("1959-10-01"), TimeParser.parse("1959-Q4"));
    }

    @Test
    void otherFormsAreNotTimes() {
        for (String s : new String[] {"31/01/2024", "2024-13-01", "2024-02-30", "Jan 5", "", "1959Q5", "2024-1-5",
            "2024-01-31T25:00", "yesterday"}) {
            assertTrue(Double.isNaN(TimeParser.parse(s)), s);
        }
    }
}
