package io.github.saasconnect.testkit.sandbox;

import java.util.Objects;

/**
 * A user known to a sandbox.
 *
 * @param id the provider's stable user id, in the provider's format (Google {@code sub}, Microsoft {@code oid},
 *     GitHub numeric {@code id}, DocuSign {@code sub} GUID, Bitbucket {@code uuid})
 * @param login the sign-in name (GitHub {@code login}, Bitbucket {@code nickname}, the local part elsewhere)
 * @param name display name
 * @param email email address
 */
public record SandboxUser(String id, String login, String name, String email) {

    public SandboxUser {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(login, "login");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(email, "email");
    }
}
