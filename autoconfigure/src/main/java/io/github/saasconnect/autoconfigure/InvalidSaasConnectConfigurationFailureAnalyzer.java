package io.github.saasconnect.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns an invalid {@code saas-connect.*} setting into a startup report that names the property. */
final class InvalidSaasConnectConfigurationFailureAnalyzer
        extends AbstractFailureAnalyzer<InvalidSaasConnectConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidSaasConnectConfigurationException cause) {
        return new FailureAnalysis(
                "SaaS Connect configuration is invalid: " + cause.getMessage(),
                "Fix '" + cause.property() + "': " + cause.action(),
                cause);
    }
}
