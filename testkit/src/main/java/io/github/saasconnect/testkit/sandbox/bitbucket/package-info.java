/** A sandbox that behaves like Bitbucket Cloud's OAuth 2.0 endpoints and a slice of its 2.0 API. */
package io.github.saasconnect.testkit.sandbox.bitbucket;
