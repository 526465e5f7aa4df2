/**
 * Test support for applications that use SaaS Connect: {@link io.github.saasconnect.test.SaasConnectSandboxes}
 * starts provider sandboxes for a Spring test context and connects users through the real connect flow.
 */
@NullMarked
package io.github.saasconnect.test;

import org.jspecify.annotations.NullMarked;
