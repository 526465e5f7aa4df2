/**
 * Provider sandboxes: loopback HTTP servers that behave on the wire like Google, Microsoft, GitHub, DocuSign and
 * Bitbucket Cloud, as {@code providers.md} describes them, so that OAuth clients and API clients can be tested
 * against real HTTP without the real providers.
 *
 * <p>{@link io.github.saasconnect.testkit.sandbox.ProviderSandbox} is the common base; each provider has its own
 * sub-package. Time comes from an injectable {@link java.time.Clock} (use
 * {@link io.github.saasconnect.testkit.MutableClock}); failures are queued with
 * {@link io.github.saasconnect.testkit.sandbox.Faults}.
 */
package io.github.saasconnect.testkit.sandbox;
