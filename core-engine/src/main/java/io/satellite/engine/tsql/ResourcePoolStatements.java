package io.satellite.engine.tsql;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SQL Server's external resource pool DDL as bound calls of the SQLML procedures:
 * <pre>
 * CREATE EXTERNAL RESOURCE POOL name [WITH (option = value [, ...])]
 * ALTER EXTERNAL RESOURCE POOL name WITH (option = value [, ...])
 * DROP EXTERNAL RESOURCE POOL name
 * ALTER RESOURCE GOVERNOR RECONFIGURE
 * </pre>
 * Options: MAX_CPU_PERCENT, MAX_MEMORY_PERCENT, MAX_PROCESSES, AFFINITY CPU = AUTO | (0 TO 1)
 * | (0, 2) | (0-1), and Satellite's MAX_DURATION_SECONDS and QUEUE_TIMEOUT_SECONDS.
 */
public final class ResourcePoolStatements {
    private static final List<String> OPTIONS = List.of("MAX_CPU_PERCENT", "MAX_MEMORY_PERCENT", "MAX_PROCESSES",
            "AFFINITY", "MAX_DURATION_SECONDS", "QUEUE_TIMEOUT_SECONDS");

    private ResourcePoolStatements() {
    }

    /** True for the statements this class translates (tokens of one statement). */
    public static boolean handles(List<Token> tokens) {
        if (tokens.size() < 3) {
            return false;
        }
        Token verb = tokens.get(0);
        boolean pool = (verb.isWord("CREATE") || verb.isWord("ALTER") || verb.isWord("DROP"))
                && tokens.get(1).isWord("EXTERNAL") && tokens.get(2).isWord("RESOURCE");
        return pool || (verb.isWord("ALTER") && tokens.get(1).isWord("RESOURCE") && tokens.get(2).isWord("GOVERNOR"));
    }

    public static Translation translate(List<Token> tokens) {
        TokenCursor c = new TokenCursor(tokens);
        String verb = c.next().upper();
        if (c.acceptWord("RESOURCE")) {
            c.expectWord("GOVERNOR");
            Token t = c.next();
            if (!t.isWord("RECONFIGURE") || !c.atEnd()) {
                throw new SqlSyntaxException("only ALTER RESOURCE GOVERNOR RECONFIGURE is accepted; external"
                        + " resource pools are classified with CALL SQLML.CLASSIFY_EXTERNAL_POOL(principal, pool)",
                        t.position());
            }
            return new Translation("CALL SQLML.RECONFIGURE()", List.of(), true);
        }
        c.expectWord("EXTERNAL");
        c.expectWord("RESOURCE");
        c.expectWord("POOL");
        String name = identifier(c);
        if (verb.equals("DROP")) {
            end(c);
            return new Translation("CALL SQLML.DROP_EXTERNAL_RESOURCE_POOL(?)", List.of(name), true);
        }
        Map<String, Object> options = options(c, verb.equals("ALTER"));
        List<Object> args = new ArrayList<>(Arrays.asList(name));
        for (String option : OPTIONS) {
            args.add(options.get(option));
        }
        return new Translation("CALL SQLML." + verb + "_EXTERNAL_RESOURCE_POOL(?, ?, ?, ?, ?, ?, ?)", args, true);
    }

    private static Map<String, Object> options(TokenCursor c, boolean required) {
        Map<String, Object> options = new LinkedHashMap<>();
        if (c.atEnd()) {
            if (required) {
                throw new SqlSyntaxException("ALTER EXTERNAL RESOURCE POOL needs WITH (option = value, ...)");
            }
            return options;
        }
        c.expectWord("WITH");
        c.expectSymbol("(");
        while (!c.acceptSymbol(")")) {
            Token option = c.next();
            String key = option.upper();
            if (option.kind() != Token.Kind.WORD || !OPTIONS.contains(key)) {
                throw new SqlSyntaxException("'" + option.text() + "' is not an external resource pool option; use "
                        + String.join(", ", OPTIONS), option.position());
            }
            if (options.containsKey(key)) {
                throw new SqlSyntaxException(key + " is given twice", option.position());
            }
            if (key.equals("AFFINITY")) {
                options.put(key, affinity(c));
            } else {
                c.expectSymbol("=");
                options.put(key, integer(c, key));
            }
            c.acceptSymbol(","); // T-SQL writes [ , ] between options
        }
        end(c);
        if (options.isEmpty()) {
            throw new SqlSyntaxException("WITH () names no option");
        }
        return options;
    }

    /** {@code AFFINITY CPU = AUTO | (0 TO 1, 3) | (0-1)} as 'AUTO' or '0-1,3'. */
    private static String affinity(TokenCursor c) {
        Token kind = c.next();
        if (kind.isWord("NUMANODE")) {
            throw new SqlSyntaxException("AFFINITY NUMANODE is not supported; give CPUs: AFFINITY CPU = (0 TO 1)",
                    kind.position());
        }
        if (!kind.isWord("CPU")) {
            throw new SqlSyntaxException("expected AFFINITY CPU but found '" + kind.text() + "'", kind.position());
        }
        c.expectSymbol("=");
        if (c.acceptWord("AUTO")) {
            return "AUTO";
        }
        if (!c.atEnd() && c.peek().kind() == Token.Kind.STRING) {
            return c.next().text();
        }
        c.expectSymbol("(");
        StringBuilder cpus = new StringBuilder();
        while (true) {
            cpus.append(cpu(c));
            if (c.acceptWord("TO") || c.acceptSymbol("-")) {
                cpus.append('-').append(cpu(c));
            }
            if (c.acceptSymbol(")")) {
                return cpus.toString();
            }
            c.expectSymbol(",");
            cpus.append(',');
        }
    }

    private static String cpu(TokenCursor c) {
        Token t = c.next();
        if (t.kind() != Token.Kind.NUMBER || !t.text().matches("\\d+")) {
            throw new SqlSyntaxException("expected a CPU number but found '" + t.text() + "'", t.position());
        }
        return t.text();
    }

    private static Integer integer(TokenCursor c, String option) {
        Token t = c.next();
        boolean negative = t.isSymbol("-");
        if (negative) {
            t = c.next();
        }
        if (t.kind() != Token.Kind.NUMBER || !t.text().matches("\\d{1,9}")) {
            throw new SqlSyntaxException(option + " must be a whole number, not '" + (negative ? "-" : "")
                    + t.text() + "'", t.position());
        }
        int value = Integer.parseInt(t.text());
        return negative ? -value : value;
    }

    private static String identifier(TokenCursor c) {
        Token t = c.next();
        if (t.kind() != Token.Kind.WORD) {
            throw new SqlSyntaxException("expected an external resource pool name but found '" + t.text() + "'",
                    t.position());
        }
        return t.text();
    }

    private static void end(TokenCursor c) {
        if (!c.atEnd()) {
            Token t = c.peek();
            throw new SqlSyntaxException("unexpected '" + t.text() + "'", t.position());
        }
    }
}
