package io.github.saasconnect.job;

import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/** What a job does for one connection, reactively, with a WebClient already bound to that connection. */
@FunctionalInterface
public interface ConnectionWork {

    /**
     * @param connection the connection being processed
     * @param api calls the provider's API as this connection; relative URLs resolve against its API base
     * @return completes when the work for this connection is done; an error fails this connection only
     */
    Mono<Void> run(JobConnection connection, WebClient api);
}
