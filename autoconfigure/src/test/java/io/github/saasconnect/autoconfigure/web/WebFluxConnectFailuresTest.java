package io.github.saasconnect.autoconfigure.web;

/** Failed connects in a WebFlux application (Reactor Netty). */
class WebFluxConnectFailuresTest extends ConnectFailuresContract {

    @Override
    TestApp.Stack stack() {
        return TestApp.Stack.WEBFLUX;
    }
}
