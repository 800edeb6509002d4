package dev.agentmemory.runtime.config;

/** The configuration cannot be used; the message names the key or variable at fault. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
