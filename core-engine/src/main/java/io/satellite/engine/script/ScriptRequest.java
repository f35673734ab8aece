package io.satellite.engine.script;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** One call of sp_execute_external_script, parsed and validated. */
public record ScriptRequest(String language, String script, String inputQuery, String inputName,
                            String outputName, List<ScriptParameter> parameters,
                            ResultSetDeclaration resultSets, RunMode runMode, List<String> libraryPaths) {
    private static final Pattern R_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9._]*|\\.[A-Za-z_.][A-Za-z0-9._]*");

    /** Parses the procedure's arguments; defaults as SQL Server's; clear errors on bad ones. */
    public static ScriptRequest of(String language, String script, String inputQuery, String inputName,
                                   String outputName, String params, String resultSets) {
        if (language == null || language.isBlank()) {
            throw new IllegalArgumentException("@language is required (for example N'R')");
        }
        if (script == null) {
            throw new IllegalArgumentException("@script is required");
        }
        String in = blankToDefault(inputName, "InputDataSet");
        String out = blankToDefault(outputName, "OutputDataSet");
        List<ScriptParameter> parameters = ScriptParameters.parse(params);
        Set<String> names = new HashSet<>();
        checkName(in, "@input_data_1_name", names);
        checkName(out, "@output_data_1_name", names);
        for (ScriptParameter p : parameters) {
            checkName(p.variableName(), "parameter " + p.name(), names);
        }
        return new ScriptRequest(language.trim(), script, inputQuery == null || inputQuery.isBlank() ? null
                : inputQuery, in, out, parameters, ResultSetDeclaration.parse(resultSets), RunMode.SINGLE,
                List.of());
    }

    /** The same request spread over workers; checks that the combination makes sense. */
    public ScriptRequest with(RunMode mode) {
        if (!mode.single()) {
            if (inputQuery == null) {
                throw new IllegalArgumentException((mode.partitioned() ? "@input_data_1_partition_by_columns"
                        : "@parallel = 1") + " needs @input_data_1: it spreads the input's rows over workers");
            }
            if (parameters.stream().anyMatch(ScriptParameter::output)) {
                throw new IllegalArgumentException("OUTPUT parameters cannot be combined with "
                        + (mode.partitioned() ? "partitions" : "@parallel = 1")
                        + ": every worker would return its own values");
            }
        }
        return new ScriptRequest(language, script, inputQuery, inputName, outputName, parameters, resultSets, mode,
                libraryPaths);
    }

    /** The same request, its runtime searching these package libraries first (private, then shared). */
    public ScriptRequest withLibraries(List<String> paths) {
        return new ScriptRequest(language, script, inputQuery, inputName, outputName, parameters, resultSets, runMode,
                List.copyOf(paths));
    }

    private static String blankToDefault(String s, String dflt) {
        return s == null || s.isBlank() ? dflt : s.trim();
    }

    private static void checkName(String name, String what, Set<String> names) {
        if (!R_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(what + " '" + name + "' is not a valid variable name");
        }
        if (!names.add(name.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException(what + " '" + name + "' is used twice");
        }
    }
}
