package io.github.saasconnect.provider.microsoft;

import java.net.URI;
import java.util.Arrays;
import java.util.List;

/**
 * The Microsoft identity platform clouds. Each needs its own app registration; Germany is closed.
 * The Graph hosts come from Microsoft's national-cloud deployment page; they are not part of providers.md.
 */
enum MicrosoftCloud {
    GLOBAL("global", "https://login.microsoftonline.com", "https://graph.microsoft.com"),
    US_GOVERNMENT("us-government", "https://login.microsoftonline.us", "https://graph.microsoft.us"),
    CHINA("china", "https://login.partner.microsoftonline.cn", "https://microsoftgraph.chinacloudapi.cn");

    private final String configName;
    private final URI authorityHost;
    private final URI graph;

    MicrosoftCloud(String configName, String authorityHost, String graph) {
        this.configName = configName;
        this.authorityHost = URI.create(authorityHost);
        this.graph = URI.create(graph);
    }

    /** The value of the {@code cloud} option. */
    String configName() {
        return configName;
    }

    /** Where {@code /{tenant}/oauth2/v2.0/...} lives. */
    URI authorityHost() {
        return authorityHost;
    }

    /** Microsoft Graph in this cloud. */
    URI graph() {
        return graph;
    }

    /** The configuration names, for error messages. */
    static List<String> configNames() {
        return Arrays.stream(values()).map(MicrosoftCloud::configName).toList();
    }
}
