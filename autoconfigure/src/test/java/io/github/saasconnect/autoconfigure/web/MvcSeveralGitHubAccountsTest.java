package io.github.saasconnect.autoconfigure.web;

/** Several GitHub accounts of one owner through the connect endpoints of an MVC application. */
class MvcSeveralGitHubAccountsTest extends SeveralGitHubAccountsContract {

    @Override
    TestApp.Stack stack() {
        return TestApp.Stack.MVC;
    }
}
