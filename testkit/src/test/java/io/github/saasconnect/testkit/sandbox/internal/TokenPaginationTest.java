package io.github.saasconnect.testkit.sandbox.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TokenPaginationTest {

    private final List<Integer> items = IntStream.rangeClosed(1, 25).boxed().toList();

    @Test
    void emptyPagesPushLaterItemsBackAndStillLinkOn() {
        TokenPagination.Page<Integer> first = TokenPagination.page(items, 10, Set.of(2), null);
        TokenPagination.Page<Integer> second = TokenPagination.page(items, 10, Set.of(2), first.nextToken());
        TokenPagination.Page<Integer> third = TokenPagination.page(items, 10, Set.of(2), second.nextToken());
        TokenPagination.Page<Integer> fourth = TokenPagination.page(items, 10, Set.of(2), third.nextToken());

        assertThat(first.items()).hasSize(10);
        assertThat(second.items()).isEmpty();
        assertThat(second.nextToken()).isNotNull();
        assertThat(third.items()).startsWith(11);
        assertThat(fourth.items()).containsExactly(21, 22, 23, 24, 25);
        assertThat(fourth.nextToken()).isNull();
    }

    @Test
    void aTokenItDidNotIssueIsRejected() {
        assertThat(TokenPagination.page(items, 10, Set.of(), "garbage!")).isNull();
    }

    @Test
    void anEmptyListIsOneEmptyLastPage() {
        TokenPagination.Page<Integer> page = TokenPagination.page(List.of(), 10, Set.of(), null);

        assertThat(page.items()).isEmpty();
        assertThat(page.nextToken()).isNull();
    }
}
