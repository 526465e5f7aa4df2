/** A sandbox that behaves like Google's OAuth 2.0 / OpenID Connect endpoints and the Drive files list. */
package io.github.saasconnect.testkit.sandbox.google;
