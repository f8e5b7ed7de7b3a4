package rnn.data;

import java.util.Locale;

import rnn.option.OptionRef;

/**
 * Every problem the data layer reports: a one-line message in the form
 * {@code FILE:LINE:COLUMN (column "name"): expected X, got Y; what to do} (or {@code FILE: ...} where no line
 * applies, or {@code {{field}}: ...} for a bad option, named as {@link OptionRef} describes) and the process exit
 * code of DESIGN §5, so that the command line maps it without knowing the cases:
 * <ul>
 * <li>{@value #USAGE} (usage error): a flag is wrong on its own, contradicts another flag, or names something the
 * file does not have (unknown column name, column index out of range, {@code steps} that do not divide the
 * feature columns). The fix is to change the command line.</li>
 * <li>{@value #DATA} (data error): the file is missing, unreadable, malformed, or holds too little data for the
 * options (a bad value, a short series, too few sequences for the validation split). The fix is in the file, or
 * the message says which option relaxes the requirement.</li>
 * </ul>
 * The two numbers mirror {@code rnn.cli.ExitCodes}; {@code data} may not import {@code cli}, so they are
 * repeated here once and a test in {@code cli} can check that they agree.
 */
public final class DataException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Exit code of a usage error (DESIGN §5). */
    public static final int USAGE = 2;
    /** Exit code of a data error (DESIGN §5). */
    public static final int DATA = 3;

    /** Longest value quoted in a message; longer ones are cut and end in "...". */
    static final int MAX_QUOTED = 40;

    private final int exitCode;

    private DataException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** A problem in the file (exit code {@value #DATA}). */
    public static DataException data(String message) {
        return new DataException(DATA, message, null);
    }

    /** A problem in the file found through a lower-level exception (kept as the cause for {@code --debug}). */
    public static DataException data(String message, Throwable cause) {
        return new DataException(DATA, message, cause);
    }

    /** A problem with the options (exit code {@value #USAGE}). */
    public static DataException usage(String message) {
        return new DataException(USAGE, message, null);
    }

    /** The process exit code: {@value #USAGE} or {@value #DATA}. */
    public int exitCode() {
        return exitCode;
    }

    /** True for a usage error (exit code {@value #USAGE}). */
    public boolean isUsageError() {
        return exitCode == USAGE;
    }

    /**
     * A data error about one cell: {@code FILE:LINE:COLUMN (column "name"): expected X, got Y; fix}.
     *
     * @param column 0-based field index (printed 1-based)
     * @param got    what was found, already quoted or described
     */
    static DataException cell(String file, long line, int column, String name, String expected, String got,
            String fix) {
        return data(String.format(Locale.ROOT, "%s:%d:%d (column \"%s\"): expected %s, got %s; %s", file, line,
                column + 1, oneLine(name), expected, got, fix));
    }

    /** A data error about one line: {@code FILE:LINE: expected X, got Y; fix}. */
    static DataException line(String file, long line, String expected, String got, String fix) {
        return line(file, line, expected, got, fix, null);
    }

    /** {@link #line(String, long, String, String, String)} found through a lower-level exception. */
    static DataException line(String file, long line, String expected, String got, String fix, Throwable cause) {
        return data(String.format(Locale.ROOT, "%s:%d: expected %s, got %s; %s", file, line, expected, got, fix),
                cause);
    }

    /** A data error about the whole file: {@code FILE: expected X, got Y; fix}. */
    static DataException file(String file, String expected, String got, String fix) {
        return data(String.format(Locale.ROOT, "%s: expected %s, got %s; %s", file, expected, got, fix));
    }

    /**
     * A usage error about an option, named by its field ({@code targets}, {@code features}):
     * {@code {{field}}: expected X, got Y; fix} (fix may be empty; see {@link OptionRef}).
     */
    static DataException option(String field, String expected, String got, String fix) {
        return usage(String.format(Locale.ROOT, "%s: expected %s, got %s%s", OptionRef.of(field), expected, got,
                fix.isEmpty() ? "" : "; " + fix));
    }

    /**
     * {@code s} in double quotes, with control characters escaped (so a message stays one line) and cut to
     * {@value #MAX_QUOTED} characters.
     */
    static String quote(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), MAX_QUOTED) + 8).append('"');
        int n = Math.min(s.length(), MAX_QUOTED);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x7f || Character.getType(c) == Character.LINE_SEPARATOR
                            || Character.getType(c) == Character.PARAGRAPH_SEPARATOR) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        if (s.length() > MAX_QUOTED) {
            b.append("...");
        }
        return b.append('"').toString();
    }

    /** {@code s} with control characters escaped, unquoted (for names already inside quotes). */
    static String oneLine(String s) {
        String q = quote(s);
        return q.substring(1, q.length() - 1);
    }
}
