/** A sandbox that behaves like the Microsoft identity platform v2.0 and a slice of Microsoft Graph. */
package io.github.saasconnect.testkit.sandbox.microsoft;
