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
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Every setting is checked at its boundary: the last good value passes, the first bad one
 * is refused with a message naming the property.
 */
class GroupSettingsTests {

	/** The settings of one group, each field open to a test. */
	private static final class Draft {

		String name = "pool";

		int workers = 1;

		int queueSize = 0;

		int prefetch = 1;

		int maxMessageSize = 65;

		Duration requestTimeout = Duration.ofNanos(1);

		Duration startupTimeout = Duration.ofNanos(1);

		Duration shutdownTimeout = Duration.ZERO;

		Duration enqueueTimeout = Duration.ZERO;

		int streamWindow = 1;

		List<String> jvmArgs = new ArrayList<>(List.of("-Xmx64m"));

		boolean retryOnCrash;

		int maxRestarts = 0;

		Duration restartWindow = Duration.ofNanos(1);

		Duration stuckTimeout = Duration.ZERO;

		long maxRequestsPerWorker = 0;

		Duration restartCooldown = Duration.ofNanos(1);

		boolean remoteWorkers;

		GroupSettings build() {
			return new GroupSettings(
					this.name, "bean", "shm", this.workers, this.queueSize, this.prefetch, 1024, this.maxMessageSize,
					this.requestTimeout, this.startupTimeout, this.shutdownTimeout, this.enqueueTimeout,
					this.streamWindow, this.jvmArgs, new GroupSettings.Supervision(this.retryOnCrash, this.maxRestarts,
							this.restartWindow, this.stuckTimeout, this.maxRequestsPerWorker, this.restartCooldown),
					this.remoteWorkers);
		}

	}

	private static void refused(Consumer<Draft> change, String message) {
		Draft draft = new Draft();
		change.accept(draft);
		assertThatIllegalArgumentException().isThrownBy(draft::build).withMessage(message);
	}

	@Test
	void theLowestGoodValuesPass() {
		assertThatNoException().isThrownBy(new Draft()::build);
	}

	@Test
	void aGroupTakingRemoteWorkersMayHaveNoneOfItsOwn() {
		Draft draft = new Draft();
		draft.workers = 0;
		draft.remoteWorkers = true;
		assertThat(draft.build().workers()).isZero();
		refused((d) -> {
			d.workers = -1;
			d.remoteWorkers = true;
		}, "ipc.worker.workers of group 'pool' must be 0 or more, was -1");
	}

	@Test
	void eachBadValueIsRefusedByName() {
		refused((d) -> d.workers = 0,
				"ipc.worker.workers of group 'pool' must be at least 1 (0 only for a group that takes remote workers), was 0");
		refused((d) -> d.queueSize = -1, "ipc.worker.queue-size of group 'pool' must be 0 or more, was -1");
		refused((d) -> d.prefetch = -1, "ipc.worker.prefetch of group 'pool' must be 0 (adaptive) or more, was -1");
		refused((d) -> d.maxMessageSize = 64,
				"ipc.worker.max-message-size of group 'pool' must be more than 64 bytes, was 64");
		refused((d) -> d.requestTimeout = Duration.ZERO,
				"ipc.worker.request-timeout of group 'pool' must be positive, was PT0S");
		refused((d) -> d.requestTimeout = Duration.ofSeconds(-1),
				"ipc.worker.request-timeout of group 'pool' must be positive, was PT-1S");
		refused((d) -> d.startupTimeout = Duration.ZERO,
				"ipc.worker.startup-timeout of group 'pool' must be positive, was PT0S");
		refused((d) -> d.shutdownTimeout = Duration.ofNanos(-1),
				"ipc.worker.shutdown-timeout of group 'pool' must be 0 or more, was PT-0.000000001S");
		refused((d) -> d.enqueueTimeout = Duration.ofNanos(-1),
				"ipc.worker.enqueue-timeout of group 'pool' must be 0 or more, was PT-0.000000001S");
		refused((d) -> d.streamWindow = 0, "ipc.worker.stream-window of group 'pool' must be at least 1, was 0");
		refused((d) -> d.maxRestarts = -1, "ipc.worker.max-restarts of group 'pool' must be 0 or more, was -1");
		refused((d) -> d.restartWindow = Duration.ZERO,
				"ipc.worker.restart-window of group 'pool' must be positive, was PT0S");
		refused((d) -> d.stuckTimeout = Duration.ofNanos(-1),
				"ipc.worker.stuck-timeout of group 'pool' must be 0 or more, was PT-0.000000001S");
		refused((d) -> d.restartCooldown = Duration.ZERO,
				"ipc.worker.restart-cooldown of group 'pool' must be positive, was PT0S");
		refused((d) -> d.maxRequestsPerWorker = -1,
				"ipc.worker.max-requests-per-worker of group 'pool' must be 0 or more, was -1");
	}

	@Test
	void aNameThatCannotNameFilesOrMetricsIsRefused() {
		Draft draft = new Draft();
		draft.name = "a.b_c-d$1";
		assertThat(draft.build().name()).isEqualTo("a.b_c-d$1");
		for (String bad : List.of("", "-pool", "po ol", "pool/1")) {
			Draft refused = new Draft();
			refused.name = bad;
			assertThatIllegalArgumentException().isThrownBy(refused::build)
				.withMessageContaining("ipc-worker group name '" + bad + "'");
		}
	}

	@Test
	void theJvmArgumentsAreCopied() {
		Draft draft = new Draft();
		GroupSettings settings = draft.build();
		draft.jvmArgs.add("-Xss1m");
		assertThat(settings.jvmArgs()).containsExactly("-Xmx64m");
	}

}
