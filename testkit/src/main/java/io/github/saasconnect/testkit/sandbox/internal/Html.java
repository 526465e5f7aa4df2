package io.github.saasconnect.testkit.sandbox.internal;

/** HTML escaping and the sandboxes' plain error page. */
public final class Html {

    private Html() {}

    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    /** An error page such as a provider shows when it cannot redirect back (unknown client, bad redirect URI). */
    public static SandboxResponse errorPage(int status, String provider, String error, String description) {
        String page = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<title>" + escape(provider) + " - Error " + status + ": " + escape(error) + "</title></head>"
                + "<body><h1>Error " + status + ": <span id=\"error\">" + escape(error) + "</span></h1>"
                + "<p id=\"error_description\">" + escape(description) + "</p></body></html>\n";
        return SandboxResponse.html(status, page);
    }
}
