package io.satellite.engine.catalog;

import java.util.List;

/** One versioned change to the SQLML catalog, applied once, in one transaction. */
public record Migration(int version, String description, List<String> statements) {
}
