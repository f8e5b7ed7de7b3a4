package rnn.data;

/** The part every layout has: its name and the noun of one example, given once in the constructor. */
abstract class NamedLayout implements Layout {

    private final String name;
    private final String exampleNoun;

    NamedLayout(String name, String exampleNoun) {
        this.name = name;
        this.exampleNoun = exampleNoun;
    }

    @Override
    public final String cliName() {
        return name;
    }

    @Override
    public final String exampleNoun() {
        return exampleNoun;
    }

    @Override
    public String toString() {
        return name;
    }
}
