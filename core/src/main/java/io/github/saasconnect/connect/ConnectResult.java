package io.github.saasconnect.connect;

import io.github.saasconnect.connection.ConnectionId;

/**
 * A completed connect.
 *
 * @param connection the connection now stored and active
 * @param returnTo where to send the browser (checked when the authorization started)
 * @param replaced whether it replaced a stored connection (a reconnect)
 * @param recovered whether the replaced connection needed reauthorization
 */
public record ConnectResult(ConnectionId connection, String returnTo, boolean replaced, boolean recovered) {}
