package io.satellite.engine.script;

import io.satellite.engine.exchange.WireParameter;

/** A declared script parameter: {@code @name type [= value] [OUTPUT]}. */
public record ScriptParameter(String name, SqlType type, boolean output, Object value) {

    /** The variable name the script sees: without the leading '@'. */
    public String variableName() {
        return name.startsWith("@") ? name.substring(1) : name;
    }

    WireParameter toWire() {
        return new WireParameter(variableName(), type.wire(), output, value);
    }
}
