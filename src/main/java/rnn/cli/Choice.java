package rnn.cli;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import picocli.CommandLine;

import rnn.data.Layout;
import rnn.data.MissingPolicy;
import rnn.data.Normalization;
import rnn.io.LossPlot;
import rnn.nn.Activation;
import rnn.nn.CellType;
import rnn.nn.GruVariant;
import rnn.nn.Loss;
import rnn.nn.OutputMode;
import rnn.optim.OptimizerSettings;

/**
 * The command-line names of a fixed set of choices — for an enum, its constants in lower case with {@code -} for
 * {@code _} ({@code reset-after}); for the data layer's {@link Named} values (layouts), their names — matched
 * without regard to case, as one picocli converter and completion-candidate list, so the help and the message of a
 * wrong name ({@code expected one of rnn, gru, lstm, got "transformer"}) list the same names. Each choice a flag
 * takes has a nested subclass (picocli instantiates them by their no-argument constructor).
 *
 * @param <E> the type of the values
 */
abstract class Choice<E> implements CommandLine.ITypeConverter<E>, Iterable<String> {

    private final List<E> values;
    private final Function<E, String> namer;

    /** The constants of an enum, by {@link #name(Enum)}. */
    Choice(Class<E> enumType) {
        this(Arrays.asList(enumType.getEnumConstants()), e -> name((Enum<?>) e));
    }

    Choice(List<E> values, Function<E, String> namer) {
        this.values = List.copyOf(values);
        this.namer = namer;
    }

    /** The command-line name of a constant. */
    static String name(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The names, in declaration order. */
    List<String> names() {
        return values.stream().map(namer).toList();
    }

    @Override
    public E convert(String value) {
        for (E e : values) {
            if (namer.apply(e).equalsIgnoreCase(value.strip())) {
                return e;
            }
        }
        throw new CommandLine.TypeConversionException("expected one of " + String.join(", ", names()) + ", got \""
                + value + "\"");
    }

    @Override
    public Iterator<String> iterator() {
        return names().iterator();
    }

    static final class Cells extends Choice<CellType> {
        Cells() {
            super(CellType.class);
        }
    }

    static final class Activations extends Choice<Activation> {
        Activations() {
            super(Activation.class);
        }
    }

    static final class GruVariants extends Choice<GruVariant> {
        GruVariants() {
            super(GruVariant.class);
        }
    }

    static final class Outputs extends Choice<OutputMode> {
        Outputs() {
            super(OutputMode.class);
        }
    }

    static final class Losses extends Choice<Loss> {
        Losses() {
            super(Loss.class);
        }
    }

    static final class Optimizers extends Choice<OptimizerSettings.Kind> {
        Optimizers() {
            super(OptimizerSettings.Kind.class);
        }
    }

    static final class Plots extends Choice<LossPlot.Format> {
        Plots() {
            super(LossPlot.Format.class);
        }
    }

    static final class Layouts extends Choice<Layout> {
        Layouts() {
            super(rnn.data.Layouts.all(), Layout::cliName);
        }
    }

    static final class TokenKinds extends Choice<rnn.data.TokenKind> {
        TokenKinds() {
            super(rnn.data.TokenKind.class);
        }
    }

    static final class Normalizations extends Choice<Normalization> {
        Normalizations() {
            super(Normalization.class);
        }
    }

    static final class MissingPolicies extends Choice<MissingPolicy> {
        MissingPolicies() {
            super(MissingPolicy.class);
        }
    }

    static final class TargetForms extends Choice<rnn.data.TargetForm> {
        TargetForms() {
            super(rnn.data.TargetForm.class);
        }
    }

    static final class MissingTargetPolicies extends Choice<rnn.data.MissingTargetPolicy> {
        MissingTargetPolicies() {
            super(rnn.data.MissingTargetPolicy.class);
        }
    }
}
