package io.github.saasconnect.testkit.sandbox;

/** What the authorization endpoint does with a browser (or any GET) that arrives. */
public enum ConsentMode {

    /** Redirect straight back with a code, as if the signed-in user clicked Approve. */
    AUTO_APPROVE,

    /** Show an HTML consent form with Approve and Deny buttons, for browser tests. */
    FORM,

    /** Redirect straight back with {@code error=access_denied}, as if the user clicked Deny. */
    AUTO_DENY
}
