/**
 * The JDBC token store: connections and pending authorizations in the application's database (PostgreSQL, H2),
 * compare-and-set through a version column, each record sealed with envelope encryption and its owner kept only as
 * a keyed digest. See {@code jdbc/JDBC-STORE.md}.
 */
@NullMarked
package io.github.saasconnect.store.jdbc;

import org.jspecify.annotations.NullMarked;
