package io.satellite.app.console.shell;

import java.util.List;
import java.util.Objects;

/** The console's two looks: the base style sheet, and for dark its overrides on top. */
public enum Theme {
    LIGHT(List.of("console.css")),
    DARK(List.of("console.css", "dark.css"));

    private final List<String> sheets;

    Theme(List<String> sheets) {
        this.sheets = sheets;
    }

    /** The style sheets' URLs, in order. */
    public List<String> stylesheets() {
        return sheets.stream().map(s -> Objects.requireNonNull(Theme.class.getResource(s), s).toExternalForm()).toList();
    }

    public Theme other() {
        return this == LIGHT ? DARK : LIGHT;
    }
}
