/**
 * The connect endpoints for Spring MVC and WebFlux and the connect flow's auto-configuration.
 */
@NullMarked
package io.github.saasconnect.autoconfigure.web;

import org.jspecify.annotations.NullMarked;
