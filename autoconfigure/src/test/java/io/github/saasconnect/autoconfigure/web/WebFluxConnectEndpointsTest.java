package io.github.saasconnect.autoconfigure.web;

/** The connect endpoints of a WebFlux application (Reactor Netty). */
class WebFluxConnectEndpointsTest extends ConnectEndpointsContract {

    @Override
    TestApp.Stack stack() {
        return TestApp.Stack.WEBFLUX;
    }
}
