package io.github.saasconnect.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.provider.AccountPolicy;
import io.github.saasconnect.provider.ProviderRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code accounts} and {@code on-account-change} of a registration: defaults, binding, and refusals naming the key. */
class AccountSettingsTest {

    private static final String P = "saas-connect.providers.gh.";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(
                    AutoConfigurations.of(SaasConnectStoreAutoConfiguration.class, SaasConnectAutoConfiguration.class))
            .withPropertyValues("saas-connect.store.type=memory", P + "type=github", P + "client-id=Iv1.abc");

    @Test
    void aRegistrationKeepsOneConnectionPerOwnerAndRefusesAnotherAccountByDefault() {
        runner.run(
                ctx -> assertThat(ctx.getBean(ProviderRegistry.class).get("gh").accounts())
                        .isEqualTo(AccountPolicy.SINGLE));
    }

    @Test
    void theSettingsBindInLowerCase() {
        runner.withPropertyValues(P + "accounts=multiple")
                .run(ctx -> assertThat(
                                ctx.getBean(ProviderRegistry.class).get("gh").accounts())
                        .isEqualTo(AccountPolicy.MULTIPLE));
        runner.withPropertyValues(P + "on-account-change=replace")
                .run(ctx -> assertThat(
                                ctx.getBean(ProviderRegistry.class).get("gh").accounts())
                        .isEqualTo(new AccountPolicy(
                                AccountPolicy.Accounts.SINGLE, AccountPolicy.OnAccountChange.REPLACE)));
    }

    @Test
    void aChangePolicyBesideSeveralAccountsFailsStartupNamingIt() {
        runner.withPropertyValues(P + "accounts=multiple", P + "on-account-change=replace")
                .run(ctx -> MisplacedProviderSettingsTest.failure(ctx.getStartupFailure(), P + "on-account-change")
                        .hasMessageContaining("applies only to accounts: single"));
    }

    @Test
    void anUnknownValueFailsStartupNamingTheProperty() {
        runner.withPropertyValues(P + "accounts=several").run(ctx -> {
            assertThat(ctx.getStartupFailure()).hasRootCauseInstanceOf(IllegalArgumentException.class);
            Throwable bind = ctx.getStartupFailure();
            while (bind != null && !(bind instanceof BindException)) {
                bind = bind.getCause();
            }
            assertThat(bind).isNotNull();
            assertThat(((BindException) bind).getProperty().getName().toString())
                    .isEqualTo(P + "accounts");
        });
    }
}
