/** A sandbox that behaves like GitHub's OAuth web flow (OAuth Apps and GitHub Apps) and a slice of its REST API. */
package io.github.saasconnect.testkit.sandbox.github;
