package io.github.saasconnect.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JdkWebClientsTest {

    @Test
    void aCommonPoolOfOneThreadGetsTheAdviceThatNamesTheFlagAndTheAlternative() {
        assertThat(JdkWebClients.threadPerResponseAdvice(1))
                .hasValueSatisfying(advice -> assertThat(advice)
                        .contains("parallelism 1")
                        .contains("-Djava.util.concurrent.ForkJoinPool.common.parallelism=2")
                        .contains("WebClient.Builder"));
    }

    @Test
    void aCommonPoolOfTwoOrMoreThreadsNeedsNoAdvice() {
        assertThat(JdkWebClients.threadPerResponseAdvice(2)).isEmpty();
        assertThat(JdkWebClients.threadPerResponseAdvice(7)).isEmpty();
    }
}
