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
package io.github.ipcworker.autoconfigure.health;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.github.ipcworker.IpcGroup;
import io.github.ipcworker.IpcWorkerInfo;
import io.github.ipcworker.IpcWorkerInfo.State;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link IpcGroupHealthIndicator}.
 */
class IpcGroupHealthIndicatorTests {

	@Test
	void groupWithEveryWorkerReadyIsUp() {
		Health health = health(IpcGroup.Status.UP, State.READY, State.READY);
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("state", "UP")
			.containsEntry("transport", "shm")
			.containsEntry("liveWorkers", 2)
			.containsEntry("targetWorkers", 2)
			.containsEntry("restarts", 0L);
	}

	@Test
	void degradedGroupIsUpWithItsStateAndLiveWorkersInTheDetails() {
		Health health = health(IpcGroup.Status.DEGRADED, State.READY, State.STARTING);
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("state", "DEGRADED")
			.containsEntry("liveWorkers", 1)
			.containsEntry("targetWorkers", 2)
			.containsEntry("restarts", 1L);
	}

	@Test
	void groupWithNoReadyWorkerIsDown() {
		Health health = health(IpcGroup.Status.DOWN, State.DEAD, State.STARTING);
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("state", "DOWN").containsEntry("liveWorkers", 0);
	}

	@Test
	void stoppedGroupIsOutOfService() {
		Health health = health(IpcGroup.Status.STOPPED, State.STOPPED, State.STOPPED);
		assertThat(health.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
		assertThat(health.getDetails()).containsEntry("state", "STOPPED");
	}

	private static Health health(IpcGroup.Status status, State first, State second) {
		// The second slot was replaced once when it is not ready.
		List<IpcWorkerInfo> workers = List.of(new IpcWorkerInfo(0, 100, first, Instant.now(), 5, 0, 0),
				new IpcWorkerInfo(1, 101, second, Instant.now(), 0, 0, (second == State.READY) ? 0 : 1));
		return new IpcGroupHealthIndicator(new FixedGroup(status, workers)).health();
	}

	private record FixedGroup(IpcGroup.Status status, List<IpcWorkerInfo> workers) implements IpcGroup {

		@Override
		public String name() {
			return "calc";
		}

		@Override
		public String transport() {
			return "shm";
		}

		@Override
		public int size() {
			return this.workers.size();
		}

		@Override
		public boolean isRunning() {
			return this.status != IpcGroup.Status.STOPPED;
		}

		@Override
		public void start() {
		}

		@Override
		public void stop() {
		}

		@Override
		public boolean join(Duration timeout) {
			return true;
		}

		@Override
		public boolean awaitIdle(Duration timeout) {
			return true;
		}

		@Override
		public void terminate() {
		}

		@Override
		public void restart() {
		}

	}

}
