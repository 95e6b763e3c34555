/*
 * Copyright 2026 the ipc-worker authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */
package io.github.ipcworker.pool;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The back-off and the give-up of a group whose workers keep dying.
 */
class CrashLoopBreakerTests {

	private static final long SECOND = Duration.ofSeconds(1).toNanos();

	private final CrashLoopBreaker breaker = new CrashLoopBreaker(2, 5, Duration.ofMinutes(1));

	@Test
	void aWorkerThatLivedLongIsReplacedAtOnce() {
		assertThat(this.breaker.death(0, SECOND, 11 * SECOND)).isZero();
	}

	@Test
	void fastFailuresOfOneSlotDoubleTheBackOffUpToTenSeconds() {
		CrashLoopBreaker patient = new CrashLoopBreaker(1, 100, Duration.ofMinutes(10));
		long[] delays = new long[8];
		for (int i = 0; i < delays.length; i++) {
			delays[i] = patient.death(0, (i + 1) * SECOND, SECOND);
		}
		assertThat(delays).containsExactly(200_000_000L, 400_000_000L, 800_000_000L, 1_600_000_000L, 3_200_000_000L,
				6_400_000_000L, 10_000_000_000L, 10_000_000_000L);
	}

	@Test
	void aSlowDeathStartsTheBackOffAfreshAndSlotsCountApart() {
		this.breaker.death(0, SECOND, SECOND);
		this.breaker.death(0, 2 * SECOND, SECOND);
		assertThat(this.breaker.death(1, 3 * SECOND, SECOND)).as("the other slot's first").isEqualTo(200_000_000L);
		assertThat(this.breaker.death(0, 4 * SECOND, 20 * SECOND)).isZero();
		assertThat(this.breaker.death(0, 5 * SECOND, SECOND)).isEqualTo(200_000_000L);
	}

	@Test
	void moreDeathsThanMaxRestartsWithinTheWindowGiveUp() {
		for (int i = 0; i < 5; i++) {
			assertThat(this.breaker.death(i % 2, i * SECOND, 20 * SECOND)).isNotEqualTo(CrashLoopBreaker.GIVE_UP);
		}
		assertThat(this.breaker.isOpen()).isFalse();
		assertThat(this.breaker.death(0, 5 * SECOND, 20 * SECOND)).isEqualTo(CrashLoopBreaker.GIVE_UP);
		assertThat(this.breaker.isOpen()).isTrue();
		assertThat(this.breaker.recentDeaths()).isEqualTo(6);
		assertThat(this.breaker.death(1, 6 * SECOND, 20 * SECOND)).as("still open").isEqualTo(CrashLoopBreaker.GIVE_UP);
	}

	@Test
	void deathsOlderThanTheWindowNoLongerCount() {
		long minute = Duration.ofMinutes(1).toNanos();
		for (int i = 0; i < 5; i++) {
			this.breaker.death(0, i * SECOND, 20 * SECOND);
		}
		assertThat(this.breaker.death(0, 4 * SECOND + minute + 1, 20 * SECOND)).isZero();
		assertThat(this.breaker.recentDeaths()).isEqualTo(1);
	}

	@Test
	void aWorkerOnTrialThatDiesGivesUpAgainAndOneThatServesClosesTheBreaker() {
		for (int i = 0; i <= 5; i++) {
			this.breaker.death(0, i * SECOND, SECOND);
		}
		this.breaker.halfOpen();
		assertThat(this.breaker.isOpen()).isFalse();
		assertThat(this.breaker.onTrial()).isTrue();
		assertThat(this.breaker.death(0, 70 * SECOND, SECOND)).isEqualTo(CrashLoopBreaker.GIVE_UP);
		assertThat(this.breaker.onTrial()).isFalse();
		this.breaker.halfOpen();
		this.breaker.close();
		assertThat(List.of(this.breaker.isOpen(), this.breaker.onTrial())).containsOnly(false);
		assertThat(this.breaker.recentDeaths()).isZero();
		assertThat(this.breaker.death(0, 80 * SECOND, SECOND)).as("fast failures count afresh").isEqualTo(200_000_000L);
	}

}
