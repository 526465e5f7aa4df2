package io.github.saasconnect.provider;

import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import tools.jackson.databind.JsonNode;

/** RFC 8288 web linking: the {@code Link} target whose {@code rel} includes {@code next} (GitHub and many others). */
final class LinkHeaderPaging implements PagingStyle {

    private static final Pattern LINK = Pattern.compile("<([^>]*)>([^<]*)");
    private static final Pattern REL = Pattern.compile("rel\\s*=\\s*\"?([^\";,]*)\"?", Pattern.CASE_INSENSITIVE);

    @Override
    public URI next(URI current, HttpHeaders headers, JsonNode body) {
        for (String value : headers.getOrEmpty(HttpHeaders.LINK)) {
            Matcher link = LINK.matcher(value);
            while (link.find()) {
                Matcher rel = REL.matcher(link.group(2));
                if (rel.find() && (" " + rel.group(1).trim() + " ").contains(" next ")) {
                    return current.resolve(link.group(1).trim());
                }
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "link-header";
    }
}
