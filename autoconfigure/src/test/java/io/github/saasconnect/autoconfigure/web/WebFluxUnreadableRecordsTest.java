package io.github.saasconnect.autoconfigure.web;

/** Unreadable file store records in a Spring WebFlux application. */
class WebFluxUnreadableRecordsTest extends UnreadableRecordsContract {

    @Override
    TestApp.Stack stack() {
        return TestApp.Stack.WEBFLUX;
    }
}
