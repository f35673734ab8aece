package io.satellite.engine.exchange;

/** The other side broke the exchange protocol (garbage, truncated frame, bad code). */
public class ProtocolException extends RuntimeException {
    public ProtocolException(String message) {
        super(message);
    }
}
