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

import io.github.ipcworker.IpcException;
import io.github.ipcworker.context.ContextPropagator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Groups found by name, in the order they were given.
 */
class GroupDirectoryTests {

	private static WorkerGroup group(String name) {
		GroupSettings settings = new GroupSettings(name, "bean", "fake", 1, 8, 1, 1 << 16, 1 << 20,
				Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ZERO, Duration.ZERO, 4, List.of(),
				GroupSettings.Supervision.DEFAULTS, false);
		FakeWorkers workers = new FakeWorkers();
		return new WorkerGroup(settings, (s) -> workers, workers, new TextCodec(), GroupObserver.NONE, () -> 1,
				ContextPropagator.NONE, new ManualRuntime());
	}

	@Test
	void groupsAreFoundByNameInTheirOrder() {
		WorkerGroup thumbnails = group("thumbnails");
		WorkerGroup primes = group("primes");
		GroupDirectory directory = new GroupDirectory(List.of(thumbnails, primes));
		assertThat(directory.get("primes")).isSameAs(primes);
		assertThat(directory.get("thumbnails")).isSameAs(thumbnails);
		assertThat(directory.all()).containsExactly(thumbnails, primes);
		assertThat(directory.byName()).containsOnlyKeys("thumbnails", "primes");
		assertThat(directory.byName().keySet()).containsExactly("thumbnails", "primes");
		assertThatThrownBy(() -> directory.byName().clear()).isInstanceOf(UnsupportedOperationException.class);
	}

	@Test
	void anUnknownNameIsRefusedWithTheNamesThereAre() {
		GroupDirectory directory = new GroupDirectory(List.of(group("primes")));
		assertThatThrownBy(() -> directory.get("thumbnails")).isInstanceOf(IpcException.class)
			.hasMessage("No ipc-worker group named 'thumbnails'; the groups are [primes]")
			.satisfies((ex) -> assertThat(((IpcException) ex).getGroup()).isEqualTo("thumbnails"));
	}

}
