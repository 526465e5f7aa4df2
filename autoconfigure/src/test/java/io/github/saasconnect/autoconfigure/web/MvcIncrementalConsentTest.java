package io.github.saasconnect.autoconfigure.web;

/** Incremental consent through the connect endpoints of a Mvc application. */
class MvcIncrementalConsentTest extends IncrementalConsentContract {

    @Override
    TestApp.Stack stack() {
        return TestApp.Stack.MVC;
    }
}
