/**
 * Connecting and disconnecting users' accounts ({@link io.github.saasconnect.connect.ConnectFlow}); the flow publishes connection events and leaves caches to whoever listens.
 */
@NullMarked
package io.github.saasconnect.connect;

import org.jspecify.annotations.NullMarked;
