package io.satellite.engine.exchange;

/** A script parameter on the wire: name without '@', type, direction and value (null = NA). */
public record WireParameter(String name, WireType type, boolean output, Object value) {
}
