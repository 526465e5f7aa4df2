package io.github.saasconnect.autoconfigure;

/** A {@code saas-connect.*} setting is missing or wrong; the message names the property and the fix. */
public final class InvalidSaasConnectConfigurationException extends RuntimeException {

    private final String property;
    private final String action;

    public InvalidSaasConnectConfigurationException(String property, String problem, String action) {
        super(property + ": " + problem + ". " + action);
        this.property = property;
        this.action = action;
    }

    /** The property to fix. */
    public String property() {
        return property;
    }

    /** What to do about it. */
    public String action() {
        return action;
    }
}
