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
package io.github.ipcworker.autoconfigure;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link IpcWorkerLifecycle}.
 */
class IpcWorkerLifecycleTests {

	@Test
	void releasesWhatLaunchesHoldWhenTheContextClosesWithNoGroupRunning() {
		// Groups started and stopped by hand leave the lifecycle stopped: Spring never
		// calls stop() then, only destroy().
		AtomicInteger released = new AtomicInteger();
		IpcWorkerLifecycle lifecycle = new IpcWorkerLifecycle(Map.of(), () -> {
		}, released::incrementAndGet, false);
		assertThat(lifecycle.isRunning()).isFalse();
		lifecycle.destroy();
		assertThat(released).hasValue(1);
	}

}
