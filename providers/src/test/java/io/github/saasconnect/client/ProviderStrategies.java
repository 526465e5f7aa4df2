package io.github.saasconnect.client;

import io.github.saasconnect.provider.ProviderDescriptor;
import io.github.saasconnect.provider.ProviderType;
import io.github.saasconnect.provider.bitbucket.BitbucketProviderType;
import io.github.saasconnect.provider.docusign.DocuSignProviderType;
import io.github.saasconnect.provider.github.GitHubProviderType;
import io.github.saasconnect.provider.google.GoogleProviderType;
import io.github.saasconnect.provider.microsoft.MicrosoftProviderType;
import io.github.saasconnect.provider.testing.Settings;
import java.util.function.UnaryOperator;

/**
 * Each provider type's rate-limit signals and paging style, as its registration carries them, for the core test
 * fixture: the authorized clients then behave as they do for that provider, with the fixture's endpoints.
 */
final class ProviderStrategies {

    static final UnaryOperator<ProviderDescriptor.Builder> GITHUB = of(new GitHubProviderType(), Settings.of("github"));
    static final UnaryOperator<ProviderDescriptor.Builder> MICROSOFT =
            of(new MicrosoftProviderType(), Settings.of("microsoft"));
    static final UnaryOperator<ProviderDescriptor.Builder> GOOGLE = of(new GoogleProviderType(), Settings.of("google"));
    static final UnaryOperator<ProviderDescriptor.Builder> BITBUCKET =
            of(new BitbucketProviderType(), Settings.of("bitbucket"));
    static final UnaryOperator<ProviderDescriptor.Builder> DOCUSIGN =
            of(new DocuSignProviderType(), Settings.of("docusign").option("environment", "demo"));

    private ProviderStrategies() {}

    private static UnaryOperator<ProviderDescriptor.Builder> of(ProviderType type, Settings settings) {
        ProviderDescriptor real = type.register(settings.build()).descriptor();
        return b -> b.rateLimitSignals(real.rateLimitSignals()).pagingStyle(real.pagingStyle());
    }
}
