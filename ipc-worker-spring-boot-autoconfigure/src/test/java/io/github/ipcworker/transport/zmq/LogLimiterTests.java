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
package io.github.ipcworker.transport.zmq;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LogLimiter}, within one interval (a minute): what is admitted and what
 * is left out.
 */
class LogLimiterTests {

	private final LogLimiter limiter = new LogLimiter();

	@Test
	void shouldAdmitTheFirstLineAboutASubjectAndLeaveOutRepeats() {
		assertThat(this.limiter.admit("key A")).isEmpty();
		assertThat(this.limiter.admit("key A")).isNull();
		assertThat(this.limiter.admit("key A")).isNull();
	}

	@Test
	void shouldKeepSubjectsApart() {
		assertThat(this.limiter.admit("key A")).isEmpty();
		assertThat(this.limiter.admit("key B")).isEmpty();
		assertThat(this.limiter.admit("key B")).isNull();
	}

	@Test
	void shouldForgetEverySubjectWhenItRemembersTooMany() {
		assertThat(this.limiter.admit("first")).isEmpty();
		for (int i = 1; i < 1024; i++) {
			assertThat(this.limiter.admit("subject " + i)).isEmpty();
		}
		assertThat(this.limiter.admit("first")).as("still remembered at the limit").isNull();
		assertThat(this.limiter.admit("one too many")).isEmpty();
		assertThat(this.limiter.admit("first")).as("forgotten past the limit").isEmpty();
	}

}
