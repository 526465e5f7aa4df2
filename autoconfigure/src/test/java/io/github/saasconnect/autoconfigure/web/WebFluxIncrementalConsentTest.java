package io.github.saasconnect.autoconfigure.web;

/** Incremental consent through the connect endpoints of a WebFlux application. */
class WebFluxIncrementalConsentTest extends IncrementalConsentContract {

    @Override
    TestApp.Stack stack() {
        return TestApp.Stack.WEBFLUX;
    }
}
