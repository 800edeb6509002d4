package dev.agentmemory.schemas;

/** A record that can never be processed as it is: it belongs on the dead-letter topic, with this reason. */
public final class InvalidEventException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidEventException(String reason) {
        super(reason);
    }
}
