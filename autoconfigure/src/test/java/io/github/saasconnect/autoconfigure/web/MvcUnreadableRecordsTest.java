package io.github.saasconnect.autoconfigure.web;

/** Unreadable file store records in a Spring MVC application. */
class MvcUnreadableRecordsTest extends UnreadableRecordsContract {

    @Override
    TestApp.Stack stack() {
        return TestApp.Stack.MVC;
    }
}
