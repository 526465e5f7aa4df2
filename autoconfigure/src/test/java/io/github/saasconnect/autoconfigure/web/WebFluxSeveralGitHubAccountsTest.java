package io.github.saasconnect.autoconfigure.web;

/** Several GitHub accounts of one owner through the connect endpoints of a WebFlux application. */
class WebFluxSeveralGitHubAccountsTest extends SeveralGitHubAccountsContract {

    @Override
    TestApp.Stack stack() {
        return TestApp.Stack.WEBFLUX;
    }
}
