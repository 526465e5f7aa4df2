package io.github.saasconnect.provider.docusign;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

class NextUriPagingTest {

    private static final NextUriPaging NEXT_URI = new NextUriPaging();

    @Test
    void docuSignNextUriIsResolvedAgainstTheRestApiRootWhateverItsPrefix() {
        URI current = URI.create("https://demo.docusign.net/restapi/v2.1/accounts/42/envelopes?count=2");
        tools.jackson.databind.json.JsonMapper json =
                tools.jackson.databind.json.JsonMapper.builder().build();

        assertThat(NEXT_URI.next(
                        current,
                        new HttpHeaders(),
                        json.readTree("{\"nextUri\":\"/accounts/42/envelopes?start_position=2&count=2\"}")))
                .isEqualTo(URI.create(
                        "https://demo.docusign.net/restapi/v2.1/accounts/42/envelopes?start_position=2&count=2"));
        assertThat(NEXT_URI.next(
                        current,
                        new HttpHeaders(),
                        json.readTree("{\"nextUri\":\"/restapi/v2.1/accounts/42/envelopes?start_position=2\"}")))
                .isEqualTo(URI.create("https://demo.docusign.net/restapi/v2.1/accounts/42/envelopes?start_position=2"));
        assertThat(NEXT_URI.next(current, new HttpHeaders(), json.readTree("{\"nextUri\":\"\"}")))
                .isNull();
    }
}
