package io.github.saasconnect.testkit.sandbox.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * Page-token pagination (Google {@code pageToken}/{@code nextPageToken}, Graph {@code $skiptoken}) with optional empty
 * pages in the middle, which the real APIs are allowed to return.
 */
public final class TokenPagination {

    private TokenPagination() {}

    /**
     * One page.
     *
     * @param items the page's items
     * @param nextToken the token of the next page, or {@code null} on the last page
     * @param <T> item type
     */
    public record Page<T>(List<T> items, String nextToken) {}

    /**
     * The page that {@code token} names ({@code null} for the first).
     *
     * @param items every item
     * @param pageSize items per page
     * @param emptyPages 1-based numbers of pages that come back empty, pushing later items back
     * @param token the page token, or {@code null}
     * @return the page, or {@code null} when the token is not one this paginator issued
     */
    public static <T> Page<T> page(List<T> items, int pageSize, Set<Integer> emptyPages, String token) {
        List<List<T>> pages = new ArrayList<>();
        int next = 0;
        while (next < items.size() || emptyPages.contains(pages.size() + 1)) {
            if (emptyPages.contains(pages.size() + 1)) {
                pages.add(List.of());
                continue;
            }
            pages.add(items.subList(next, Math.min(items.size(), next + pageSize)));
            next += pageSize;
        }
        if (pages.isEmpty()) {
            pages.add(List.of());
        }
        int index = token == null || token.isEmpty() ? 0 : decode(token);
        if (index < 0 || index >= pages.size()) {
            return null;
        }
        String nextToken = index + 1 < pages.size() ? encode(index + 1) : null;
        return new Page<>(List.copyOf(pages.get(index)), nextToken);
    }

    private static String encode(int index) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(("page:" + index).getBytes(StandardCharsets.UTF_8));
    }

    private static int decode(String token) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            return text.startsWith("page:") ? Integer.parseInt(text.substring(5)) : -1;
        } catch (IllegalArgumentException malformed) {
            return -1;
        }
    }
}
