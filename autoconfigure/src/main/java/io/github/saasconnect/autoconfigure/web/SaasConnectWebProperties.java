package io.github.saasconnect.autoconfigure.web;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** The connect endpoints for Spring MVC and WebFlux applications, under {@code saas-connect.web}. */
@ConfigurationProperties("saas-connect.web")
public class SaasConnectWebProperties {

    /** Whether to serve the connect, callback, disconnect and status endpoints. */
    private boolean enabled = true;

    /** Path under the context path where the endpoints live. */
    private String basePath = "/saas-connect";

    /** Origins (scheme://host[:port]) that absolute return_to addresses may point to; relative paths are always accepted. */
    private List<String> allowedReturnOrigins = new ArrayList<>();

    /** Where the browser goes after a connect or disconnect that named no return_to. */
    private String defaultReturnTo = "/";

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getBasePath() {
        return basePath;
    }

    public void setBasePath(String basePath) {
        this.basePath = basePath;
    }

    public List<String> getAllowedReturnOrigins() {
        return allowedReturnOrigins;
    }

    public void setAllowedReturnOrigins(List<String> allowedReturnOrigins) {
        this.allowedReturnOrigins = allowedReturnOrigins;
    }

    public String getDefaultReturnTo() {
        return defaultReturnTo;
    }

    public void setDefaultReturnTo(String defaultReturnTo) {
        this.defaultReturnTo = defaultReturnTo;
    }
}
