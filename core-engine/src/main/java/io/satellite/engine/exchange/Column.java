package io.satellite.engine.exchange;

/** A named column of a data set on the wire. */
public record Column(String name, WireType type) {
}
