package io.github.saasconnect.testkit.sandbox.google;

import io.github.saasconnect.testkit.sandbox.ListFixture;
import io.github.saasconnect.testkit.sandbox.SandboxUser;
import io.github.saasconnect.testkit.sandbox.internal.AccessCheck;
import io.github.saasconnect.testkit.sandbox.internal.AuthorizationStore;
import io.github.saasconnect.testkit.sandbox.internal.SandboxRequest;
import io.github.saasconnect.testkit.sandbox.internal.SandboxResponse;
import io.github.saasconnect.testkit.sandbox.internal.TokenPagination;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/** Google's resource side: OIDC userinfo and the Drive v3 files list, both behind a bearer access token. */
final class GoogleApis {

    /** Any of these lets a token list Drive files. */
    static final Set<String> DRIVE_SCOPES = Set.of(
            "https://www.googleapis.com/auth/drive",
            "https://www.googleapis.com/auth/drive.readonly",
            "https://www.googleapis.com/auth/drive.file",
            "https://www.googleapis.com/auth/drive.metadata",
            "https://www.googleapis.com/auth/drive.metadata.readonly");

    private final GoogleSandbox sandbox;
    private final AuthorizationStore store;
    private final Supplier<ListFixture> listFixture;

    GoogleApis(GoogleSandbox sandbox, AuthorizationStore store, Supplier<ListFixture> listFixture) {
        this.sandbox = sandbox;
        this.store = store;
        this.listFixture = listFixture;
    }

    SandboxResponse userInfo(SandboxRequest request) {
        AccessCheck check = store.checkAccessToken(request.bearerToken().orElse(null));
        if (!check.valid()) {
            return GoogleErrors.oauth(401, "invalid_request", "Invalid Credentials")
                    .withHeader("WWW-Authenticate", GoogleErrors.WWW_AUTHENTICATE);
        }
        SandboxUser user = sandbox.userById(check.token().userId()).orElseThrow();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sub", user.id());
        body.put("name", user.name());
        body.put("given_name", user.name().split(" ")[0]);
        body.put("email", user.email());
        body.put("email_verified", true);
        return SandboxResponse.json(200, body);
    }

    SandboxResponse driveFiles(SandboxRequest request) {
        AccessCheck check = store.checkAccessToken(request.bearerToken().orElse(null));
        if (!check.valid()) {
            return GoogleErrors.unauthenticated();
        }
        if (check.token().scopes().stream().noneMatch(DRIVE_SCOPES::contains)) {
            return GoogleErrors.api(
                    403,
                    "Request had insufficient authentication scopes.",
                    "global",
                    "insufficientPermissions",
                    "PERMISSION_DENIED");
        }
        int pageSize = parseInt(request.query("pageSize"), 100);
        if (pageSize < 1 || pageSize > 1000) {
            return GoogleErrors.api(400, "Invalid Value", "global", "invalid", "INVALID_ARGUMENT");
        }
        List<Map<String, Object>> files = IntStream.rangeClosed(
                        1, listFixture.get().itemCount())
                .mapToObj(GoogleApis::file)
                .toList();
        TokenPagination.Page<Map<String, Object>> page =
                TokenPagination.page(files, pageSize, listFixture.get().emptyPages(), request.query("pageToken"));
        if (page == null) {
            return GoogleErrors.api(400, "Invalid Value", "global", "invalid", "INVALID_ARGUMENT");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kind", "drive#fileList");
        if (page.nextToken() != null) {
            body.put("nextPageToken", page.nextToken());
        }
        body.put("incompleteSearch", false);
        body.put("files", page.items());
        return SandboxResponse.json(200, body);
    }

    private static Map<String, Object> file(int index) {
        Map<String, Object> file = new LinkedHashMap<>();
        file.put("kind", "drive#file");
        file.put("mimeType", "text/plain");
        file.put("id", String.format("1file%06dSandbox", index));
        file.put("name", "File " + index + ".txt");
        return file;
    }

    private static int parseInt(String value, int fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException malformed) {
            return -1;
        }
    }
}
