package io.satellite.packagemgr;

import java.util.Arrays;

/** The comparison operators R allows in a dependency's version constraint. */
public enum VersionOperator {
    GREATER_OR_EQUAL(">="),
    GREATER(">"),
    LESS_OR_EQUAL("<="),
    LESS("<"),
    EQUAL("=="),
    NOT_EQUAL("!=");

    private final String symbol;

    VersionOperator(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    /** @throws IllegalArgumentException for anything but {@code >= > <= < == !=} */
    public static VersionOperator fromSymbol(String symbol) {
        return Arrays.stream(values())
                .filter(op -> op.symbol.equals(symbol))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown version operator '" + symbol
                        + "': expected one of >=, >, <=, <, ==, !="));
    }

    /** Whether {@code actual <op> required} holds. */
    public boolean test(RVersion actual, RVersion required) {
        int c = actual.compareTo(required);
        return switch (this) {
            case GREATER_OR_EQUAL -> c >= 0;
            case GREATER -> c > 0;
            case LESS_OR_EQUAL -> c <= 0;
            case LESS -> c < 0;
            case EQUAL -> c == 0;
            case NOT_EQUAL -> c != 0;
        };
    }
}
