package io.github.saasconnect.provider.bitbucket;

import static io.github.saasconnect.provider.testing.Errors.error;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.failure.ReauthorizationRequiredException;
import io.github.saasconnect.provider.ClientAuthentication;
import io.github.saasconnect.provider.ProviderDescriptor;
import io.github.saasconnect.provider.ProviderRegistration;
import io.github.saasconnect.provider.RefreshTokenRotation;
import io.github.saasconnect.provider.testing.Settings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BitbucketProviderTypeTest {

    private final BitbucketProviderType type = new BitbucketProviderType();

    @Test
    void describesBitbucketCloud() {
        ProviderDescriptor d = type.register(Settings.of("bitbucket").build()).descriptor();

        assertThat(d.authorizationUri()).hasToString("https://bitbucket.org/site/oauth2/authorize");
        assertThat(d.tokenUri()).hasToString("https://bitbucket.org/site/oauth2/access_token");
        assertThat(d.apiBaseUri()).hasToString("https://api.bitbucket.org");
        assertThat(d.revocationUri()).isNull();
        assertThat(d.clientAuthentication()).isEqualTo(ClientAuthentication.CLIENT_SECRET_BASIC);
        assertThat(d.rotation()).isEqualTo(RefreshTokenRotation.ROTATES_WITH_GRACE_PERIOD);
        assertThat(d.refreshTokenLifetime().maxIdle()).isEqualTo(Duration.ofDays(90));
        assertThat(d.defaultAccessTokenLifetime()).isEqualTo(Duration.ofHours(2));
        assertThat(d.requiredScopes()).isEmpty();
    }

    @Test
    void takesNoOptions() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> type.register(Settings.of("bitbucket")
                        .id("bb")
                        .option("workspace", "x")
                        .build()))
                .withMessageContaining("saas-connect.providers.bb.options.workspace");
    }

    @Test
    void deadRefreshTokenRequiresReauthorization() {
        ProviderRegistration r = type.register(Settings.of("bitbucket").build());

        assertThat(r.descriptor()
                        .errorClassifier()
                        .classify(r, ConnectionId.of("bitbucket", "a"), error(400, "invalid_grant", "x")))
                .isInstanceOf(ReauthorizationRequiredException.class);
    }
}
