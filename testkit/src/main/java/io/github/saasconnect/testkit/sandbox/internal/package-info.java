/**
 * Plumbing shared by the provider sandboxes: the loopback HTTP server, request parsing, the store of codes, grants
 * and tokens, and small codecs. Public only so that the per-provider packages can use it; it is not part of the test
 * kit's supported API and may change without notice.
 */
package io.github.saasconnect.testkit.sandbox.internal;
