package io.satellite.engine.exchange;

import java.util.List;

/**
 * What a runtime answers once the script has run: an error message (of the script, or of
 * an output that cannot be returned: {@code outputError}), or the OUTPUT
 * parameters and the shape of the output data set (null columns: the script set none).
 */
public record ResultHeader(String error, boolean outputError, List<WireParameter> outputParameters,
                           List<Column> columns) {
    public boolean failed() {
        return error != null;
    }

    public boolean hasOutputDataSet() {
        return columns != null;
    }
}
