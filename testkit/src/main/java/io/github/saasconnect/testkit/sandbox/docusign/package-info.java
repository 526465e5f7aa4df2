/** A sandbox that behaves like the DocuSign Account Server (demo) and a slice of the eSignature REST API. */
package io.github.saasconnect.testkit.sandbox.docusign;
