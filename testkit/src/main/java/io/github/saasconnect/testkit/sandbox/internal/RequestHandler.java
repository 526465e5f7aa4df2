package io.github.saasconnect.testkit.sandbox.internal;

/** Answers one request synchronously; the server handles latency, faults and I/O around it. */
@FunctionalInterface
public interface RequestHandler {

    SandboxResponse handle(SandboxRequest request);
}
