package io.satellite.packagemgr;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses Debian Control File (DCF) text the way R reads it: DESCRIPTION files and the
 * {@code src/contrib/PACKAGES} index of a repository.
 *
 * <p>Records are separated by blank (or whitespace-only) lines. A field starts with
 * {@code Name:} at the beginning of a line; a line starting with a space or tab continues the
 * previous field. For most fields each continuation line is stripped and joined with a single
 * space. For the fields R keeps white space in ({@link #KEEP_WHITE_FIELDS}) continuation lines
 * are kept verbatim, joined with newlines. In both, a continuation line that is just {@code .}
 * stands for an empty line. If a field repeats within a record the last value wins, as in R.
 */
public final class DcfParser {

    /** R's {@code tools:::.keep_white_description_fields}. */
    public static final Set<String> KEEP_WHITE_FIELDS =
            Set.of("Description", "Authors@R", "Author", "Built", "Packaged");

    private static final Pattern FIELD_LINE = Pattern.compile("([^\\s:]+):(.*)", Pattern.DOTALL);

    private DcfParser() {
    }

    /** Parses with R's DESCRIPTION white-space rules ({@link #KEEP_WHITE_FIELDS}). */
    public static List<Map<String, String>> parse(String text) {
        return parse(text, KEEP_WHITE_FIELDS);
    }

    /**
     * Parses DCF text into records, each an unmodifiable map in field order.
     *
     * @throws IllegalArgumentException naming the line number of a malformed line
     */
    public static List<Map<String, String>> parse(String text, Set<String> keepWhiteFields) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(keepWhiteFields, "keepWhiteFields");
        String[] lines = (text.startsWith("\uFEFF") ? text.substring(1) : text).split("\\R", -1);
        List<Map<String, String>> records = new ArrayList<>();
        Map<String, String> record = new LinkedHashMap<>();
        String field = null;
        List<String> fieldLines = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int lineNumber = i + 1;
            boolean continuation = !line.isBlank() && (line.charAt(0) == ' ' || line.charAt(0) == '\t');
            if (line.isBlank() || !continuation) {
                if (field != null) {
                    record.put(field, join(fieldLines, keepWhiteFields.contains(field)));
                    field = null;
                }
            }
            if (line.isBlank()) {
                if (!record.isEmpty()) {
                    records.add(Collections.unmodifiableMap(record));
                    record = new LinkedHashMap<>();
                }
            } else if (continuation) {
                if (field == null) {
                    throw new IllegalArgumentException("DCF line " + lineNumber
                            + ": continuation line at the start of a record: '" + abbreviate(line) + "'");
                }
                fieldLines.add(line);
            } else {
                Matcher m = FIELD_LINE.matcher(line);
                if (!m.matches()) {
                    throw new IllegalArgumentException("DCF line " + lineNumber
                            + ": malformed line, expected 'Field: value' or an indented continuation line: '"
                            + abbreviate(line) + "'");
                }
                field = m.group(1);
                fieldLines = new ArrayList<>();
                fieldLines.add(m.group(2).strip());
            }
        }
        if (field != null) {
            record.put(field, join(fieldLines, keepWhiteFields.contains(field)));
        }
        if (!record.isEmpty()) {
            records.add(Collections.unmodifiableMap(record));
        }
        return Collections.unmodifiableList(records);
    }

    /** First element is the (stripped) value on the field's own line; the rest are continuation lines. */
    private static String join(List<String> fieldLines, boolean keepWhite) {
        StringBuilder value = new StringBuilder(fieldLines.get(0));
        for (String line : fieldLines.subList(1, fieldLines.size())) {
            String stripped = line.strip();
            boolean emptyLine = stripped.equals(".");
            if (keepWhite) {
                value.append('\n').append(emptyLine ? "" : line);
            } else if (!emptyLine && !stripped.isEmpty()) {
                if (value.length() > 0) {
                    value.append(' ');
                }
                value.append(stripped);
            }
        }
        return value.toString();
    }

    private static String abbreviate(String line) {
        return line.length() <= 60 ? line : line.substring(0, 60) + "...";
    }
}
