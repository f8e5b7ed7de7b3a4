package rnn.data;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What a regression model's output is ({@code --target-mode}), in transformed, normalised units: the target
 * itself, or its change from the value of the target on the row the prediction is made from (the window's last
 * row; with {@code --output sequence}, each step's own row), which is then added back. {@link #DELTA} needs that
 * value at prediction time: the window layout with the target among the inputs. Not to be confused with
 * {@link TargetMode} ({@code --output}).
 */
public enum TargetForm implements Named {
    /** The model outputs the target. */
    LEVEL,
    /** The model outputs target − (the target on the row it predicts from); a model that outputs 0 is "no change". */
    DELTA;

    /**
     * A contract's stored mode.
     *
     * @throws IllegalArgumentException "contract.targetMode is "up", expected level or delta"
     */
    @JsonCreator
    public static TargetForm fromJson(String name) {
        return Named.lookup(values(), name).orElseThrow(() -> new IllegalArgumentException("contract.targetMode is "
                + DataException.quote(String.valueOf(name)) + ", expected " + Named.names(values()).replace(", ",
                " or ")));
    }

    /** The name (lower case): the JSON form and the command-line value. */
    @JsonValue
    @Override
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
