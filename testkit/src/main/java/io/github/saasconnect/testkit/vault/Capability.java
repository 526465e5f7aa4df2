package io.github.saasconnect.testkit.vault;

/** A Vault ACL capability, as written in a policy's {@code capabilities} list. */
public enum Capability {

    /** Write a key that does not exist yet. */
    CREATE,

    /** Read a key, its metadata or the engine config. */
    READ,

    /** Write a key that exists; also {@code delete/}, {@code undelete/} and {@code destroy/}. */
    UPDATE,

    /** Soft-delete the latest version, or delete the metadata for good. */
    DELETE,

    /** List key names. */
    LIST,

    /** Refuse everything on the path, whatever other rules say. */
    DENY
}
