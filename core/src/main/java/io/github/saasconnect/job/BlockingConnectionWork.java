package io.github.saasconnect.job;

import org.springframework.web.client.RestClient;

/** What a job does for one connection in blocking code, with a RestClient already bound to that connection. */
@FunctionalInterface
public interface BlockingConnectionWork {

    /**
     * @param connection the connection being processed
     * @param api calls the provider's API as this connection
     * @throws Exception fails this connection only
     */
    void run(JobConnection connection, RestClient api) throws Exception;
}
