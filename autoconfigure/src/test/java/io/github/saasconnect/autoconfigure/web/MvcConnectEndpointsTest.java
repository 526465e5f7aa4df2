package io.github.saasconnect.autoconfigure.web;

/** The connect endpoints of a Spring MVC application (Tomcat). */
class MvcConnectEndpointsTest extends ConnectEndpointsContract {

    @Override
    TestApp.Stack stack() {
        return TestApp.Stack.MVC;
    }
}
