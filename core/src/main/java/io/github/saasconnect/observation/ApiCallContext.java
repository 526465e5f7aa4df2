package io.github.saasconnect.observation;

/**
 * One HTTP exchange of an authorized client with a provider's API ({@link SaasConnectObservation#API_CALL}). It
 * names the registration, never the connection, the URL or the token.
 */
public final class ApiCallContext extends RegistrationContext {

    private volatile int status;

    public ApiCallContext(String registration, String provider) {
        super(registration, provider);
    }

    /** The HTTP status of the answer; {@code 0} while none came (or when none will: an I/O error, a timeout). */
    public int status() {
        return status;
    }

    /** Records the status of the answer. */
    public void status(int status) {
        this.status = status;
    }

    /** The status class: {@code 2xx} ... {@code 5xx}, or {@code io_error} without an answer. */
    public String statusClass() {
        return switch (status / 100) {
            case 1 -> "1xx";
            case 2 -> "2xx";
            case 3 -> "3xx";
            case 4 -> "4xx";
            case 5 -> "5xx";
            default -> status <= 0 ? "io_error" : "other";
        };
    }
}
