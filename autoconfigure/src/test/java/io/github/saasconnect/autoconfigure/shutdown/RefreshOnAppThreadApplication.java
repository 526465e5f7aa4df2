package io.github.saasconnect.autoconfigure.shutdown;

import io.github.saasconnect.connection.AccessToken;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.token.BlockingTokenManager;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A plain Spring Boot application on the starter's auto-configuration that asks for a token of one connection on a
 * thread of its own ({@link ExecutorService}), which Spring's graceful shutdown knows nothing about. Run by
 * {@link GracefulShutdownProcessTest} as a child JVM.
 *
 * <p>Arguments: {@code stay|exit}, the registration, the owner, then Spring Boot arguments ({@code --name=value}).
 * {@code stay} keeps the process running after the call (until it is terminated); {@code exit} closes the
 * application once the call is done. Prints {@code TOKEN OK} or {@code TOKEN FAILED <exception>}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class RefreshOnAppThreadApplication {

    public static void main(String[] args) throws InterruptedException {
        boolean stay = args[0].equals("stay");
        ConnectionId id = ConnectionId.of(args[1], args[2]);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(RefreshOnAppThreadApplication.class)
                .web(WebApplicationType.NONE)
                .run(Arrays.copyOfRange(args, 3, args.length));
        BlockingTokenManager tokens = context.getBean(BlockingTokenManager.class);
        // a non-daemon thread of the application's own: it keeps the JVM up until a SIGTERM ends it
        ExecutorService appThread = Executors.newSingleThreadExecutor();
        appThread.execute(() -> {
            try {
                AccessToken token = tokens.accessToken(id);
                System.out.println("TOKEN OK, expires at " + token.expiresAt());
            } catch (RuntimeException e) {
                System.out.println("TOKEN FAILED " + e);
            }
        });
        if (!stay) {
            appThread.shutdown();
            appThread.awaitTermination(1, TimeUnit.MINUTES);
            System.exit(SpringApplication.exit(context));
        }
    }
}
