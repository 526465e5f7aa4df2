package io.github.saasconnect.autoconfigure.web;

/** Failed connects in a Spring MVC application (Tomcat). */
class MvcConnectFailuresTest extends ConnectFailuresContract {

    @Override
    TestApp.Stack stack() {
        return TestApp.Stack.MVC;
    }
}
