package io.github.saasconnect.testkit.vault;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A clock the test moves by hand, so expiry is tested without waiting. */
final class MutableClock extends Clock {

	private final AtomicReference<Instant> now;

	MutableClock(Instant start) {
		this.now = new AtomicReference<>(start);
	}

	static MutableClock startingAt(String instant) {
		return new MutableClock(Instant.parse(instant));
	}

	void advance(Duration duration) {
		this.now.updateAndGet((instant) -> instant.plus(duration));
	}

	@Override
	public Instant instant() {
		return this.now.get();
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		return this;
	}

}
