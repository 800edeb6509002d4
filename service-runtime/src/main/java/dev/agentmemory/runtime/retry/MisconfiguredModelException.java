package dev.agentmemory.runtime.retry;

/**
 * Raised by us when a model's answer shows that our configuration is wrong, not the input (e.g.
 * vectors of another size than configured): no retry fixes it, {@link ModelApiErrors#classify}
 * sorts it {@link ModelApiErrors.Kind#FATAL}.
 */
public class MisconfiguredModelException extends RuntimeException {

    public MisconfiguredModelException(String message) {
        super(message);
    }
}
