/**
 * Work over every connection of a registration ({@link io.github.saasconnect.job.ConnectionJobs}), with a report of what succeeded, failed and was skipped.
 */
@NullMarked
package io.github.saasconnect.job;

import org.jspecify.annotations.NullMarked;
