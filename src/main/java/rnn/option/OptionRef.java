package rnn.option;

import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a message below the command line names an option without knowing how the command line spells it.
 *
 * <p>Code in {@code data}, {@code optim}, {@code train}, {@code nn}, {@code io} and {@code use} names an option
 * by its field name in the project's own vocabulary — the keys of {@code config.json}'s objects ({@code window},
 * {@code targets}, {@code val_split}, {@code lr}, {@code tbptt}, {@code beta1} …) — written in double braces:
 * <pre>
 *   throw new IllegalArgumentException("{{lr}}: expected a positive number, got " + lr);
 *   "lower {{window}} or {{horizon}}, or add rows"
 *   OptionRef.of(field) + ": expected a value in [0, 1), got " + v     // when the field is a variable
 * </pre>
 * The command line renders every reference once, at the one place where exceptions become exit codes and
 * stderr lines ({@code rnn.cli.RnnCommand}), with its own spelling ({@code {{lr}}} → {@code --lr},
 * {@code {{targets}}} → {@code --target}); a field with no flag there is printed as the bare field name. Other
 * readers choose another spelling: {@link #neutral} prints field names (what a test below the command line
 * asserts, and how a message about a checkpoint's stored field reads).
 *
 * <p>A reference is {@code {{name}}} with {@code name} matching {@code [a-z][a-z0-9_]*}; nothing else in a
 * message is touched, so user text (file names, quoted values) passes through unless it happens to hold that
 * exact form.
 */
public final class OptionRef {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");
    private static final Pattern REF = Pattern.compile("\\{\\{(" + NAME.pattern() + ")}}");

    private OptionRef() {
    }

    /**
     * The reference to the option whose field name is {@code field}: {@code {{field}}}.
     *
     * @throws IllegalArgumentException {@code field} is not a lower-case field name
     */
    public static String of(String field) {
        if (field == null || !NAME.matcher(field).matches()) {
            throw new IllegalArgumentException("an option's field name: expected [a-z][a-z0-9_]*, got " + field);
        }
        return "{{" + field + "}}";
    }

    /**
     * {@code message} with every reference replaced by {@code spelling.apply(field)}, or by the bare field name
     * where that is {@code null} (an option the reader has no spelling for).
     */
    public static String render(String message, Function<String, String> spelling) {
        if (message == null || message.indexOf("{{") < 0) {
            return message;
        }
        Matcher m = REF.matcher(message);
        StringBuilder b = new StringBuilder(message.length() + 16);
        while (m.find()) {
            String field = m.group(1);
            String spelled = spelling.apply(field);
            m.appendReplacement(b, Matcher.quoteReplacement(spelled == null ? field : spelled));
        }
        return m.appendTail(b).toString();
    }

    /** {@code message} with every reference printed as its bare field name ({@code {{lr}}} → {@code lr}). */
    public static String neutral(String message) {
        return render(message, field -> null);
    }
}
