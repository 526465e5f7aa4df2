package io.github.saasconnect.store.jdbc;

/** A row of a store table as read: where it is, its version and its sealed content. */
record StoredRow(String registration, String ownerDigest, long version, String keyId, byte[] sealed) {}
