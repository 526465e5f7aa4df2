package io.github.saasconnect.sample;

import io.github.saasconnect.connect.ConnectFlow;
import io.github.saasconnect.connect.ConnectionSummary;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.provider.ProviderRegistration;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.http.MediaType;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The one page of the sample: the signed-in user's connections with Connect and Disconnect buttons (served by
 * SaaS Connect's endpoints under {@code /saas-connect}), and what the scheduled job fetched for each.
 */
@Controller
class ConnectionsPage {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
    private static final Map<String, String> NAMES = Map.of(
            "google",
            "Google",
            "microsoft",
            "Microsoft",
            "github",
            "GitHub",
            "docusign",
            "DocuSign",
            "bitbucket",
            "Bitbucket");

    private final ConnectFlow flow;
    private final SyncResults results;
    private final SyncJob job;

    ConnectionsPage(ConnectFlow flow, SyncResults results, SyncJob job) {
        this.flow = flow;
        this.results = results;
        this.job = job;
    }

    @GetMapping(path = "/", produces = MediaType.TEXT_HTML_VALUE)
    @ResponseBody
    String page(
            Principal user,
            HttpServletRequest request,
            @RequestParam(name = "connected", required = false) String connected,
            @RequestParam(name = "disconnected", required = false) String disconnected,
            @RequestParam(name = "connect_error", required = false) String error,
            @RequestParam(name = "registration", required = false) String errorRegistration) {
        String owner = user.getName();
        Map<String, ConnectionSummary> mine = flow.connections(owner).collectList().block().stream()
                // the page shows one connection per registration: the default one, listed first (accounts: single here)
                .collect(
                        Collectors.toMap(ConnectionSummary::registration, Function.identity(), (first, more) -> first));
        CsrfToken csrf = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        StringBuilder h = new StringBuilder(4096);
        h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>SaaS Connect sample</title>")
                .append("<style>body{font-family:sans-serif;margin:2em;max-width:70em}table{border-collapse:collapse}")
                .append("td,th{border:1px solid #ccc;padding:.4em .7em;text-align:left}.ok{color:#070}")
                .append(
                        ".warn{color:#a00}.notice{background:#eef;padding:.5em}form{display:inline}</style></head><body>")
                .append("<h1>Your connections</h1><p>Signed in as <b id=\"user\">")
                .append(esc(owner))
                .append("</b> ")
                .append(form("/logout", "Sign out", "logout", csrf, null))
                .append("</p>");
        if (connected != null) {
            h.append("<p class=\"notice\" id=\"notice\">Connected ")
                    .append(esc(name(connected)))
                    .append(".</p>");
        }
        if (disconnected != null) {
            h.append("<p class=\"notice\" id=\"notice\">Disconnected ")
                    .append(esc(name(disconnected)))
                    .append(".</p>");
        }
        if (error != null) {
            h.append("<p class=\"notice warn\" id=\"notice\">")
                    .append(esc(name(errorRegistration)))
                    .append(" was not connected: ")
                    .append(esc(error))
                    .append(".</p>");
        }
        h.append("<table id=\"connections\"><tr><th>Provider</th><th>Status</th><th>Scopes</th>")
                .append("<th>Access token expires</th><th>Last sync</th><th></th></tr>");
        for (ProviderRegistration r : flow.registrations()) {
            ConnectionSummary c = mine.get(r.id());
            h.append("<tr id=\"row-")
                    .append(r.id())
                    .append("\"><td>")
                    .append(esc(name(r.id())))
                    .append("</td>");
            if (c == null) {
                h.append("<td class=\"status\">not connected</td><td></td><td></td><td></td><td>")
                        // a POST from this page: the connect endpoint refuses starts from other sites
                        .append(form(
                                "/saas-connect/connect/" + r.id(),
                                "Connect " + name(r.id()),
                                "connect-" + r.id(),
                                csrf,
                                "/"))
                        .append("</td>");
            } else {
                SyncResults.Result sync = results.of(ConnectionId.of(r.id(), owner));
                h.append("<td class=\"status ")
                        .append(c.status().name().equals("ACTIVE") ? "ok" : "warn")
                        .append("\">")
                        .append(c.status())
                        .append("</td><td>")
                        .append(esc(String.join(" ", c.scopes())))
                        .append("</td><td>")
                        .append(time(c.accessTokenExpiresAt()))
                        .append("</td><td class=\"sync\">")
                        .append(
                                sync == null
                                        ? "not yet"
                                        : sync.error() != null
                                                ? "<span class=\"warn\">failed: " + esc(sync.error()) + "</span>"
                                                : esc(sync.summary()) + " <small>at " + time(sync.at()) + "</small>")
                        .append("</td><td>")
                        .append(form(
                                "/saas-connect/disconnect/" + r.id(),
                                "Disconnect " + name(r.id()),
                                "disconnect-" + r.id(),
                                csrf,
                                "/"))
                        .append("</td>");
            }
            h.append("</tr>");
        }
        h.append("</table><p>The job runs on its own every few seconds; last run: <span id=\"last-run\">")
                .append(results.lastRun() == null ? "not yet" : time(results.lastRun()))
                .append("</span>. ")
                .append(form("/sync", "Run the job now", "run-sync", csrf, null))
                .append("</p></body></html>");
        return h.toString();
    }

    @PostMapping("/sync")
    String sync() {
        job.runOnce();
        return "redirect:/";
    }

    private static String form(String action, String label, String id, CsrfToken csrf, String returnTo) {
        StringBuilder f = new StringBuilder("<form method=\"post\" action=\"")
                .append(action)
                .append("\">");
        if (csrf != null) {
            f.append("<input type=\"hidden\" name=\"")
                    .append(esc(csrf.getParameterName()))
                    .append("\" value=\"")
                    .append(esc(csrf.getToken()))
                    .append("\">");
        }
        if (returnTo != null) {
            f.append("<input type=\"hidden\" name=\"return_to\" value=\"")
                    .append(esc(returnTo))
                    .append("\">");
        }
        return f.append("<button type=\"submit\" id=\"")
                .append(id)
                .append("\">")
                .append(esc(label))
                .append("</button></form>")
                .toString();
    }

    private static String name(String registration) {
        return registration == null ? "" : NAMES.getOrDefault(registration, registration);
    }

    private static String time(Instant instant) {
        return instant == null ? "never" : TIME.format(instant);
    }

    private static String esc(String s) {
        return s == null
                ? ""
                : s.replace("&", "&amp;")
                        .replace("<", "&lt;")
                        .replace(">", "&gt;")
                        .replace("\"", "&quot;")
                        .replace("'", "&#39;");
    }
}
