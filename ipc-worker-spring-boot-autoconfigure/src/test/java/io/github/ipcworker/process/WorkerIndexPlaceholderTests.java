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
package io.github.ipcworker.process;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WorkerIndexPlaceholder} and the environment a worker process starts
 * with.
 */
class WorkerIndexPlaceholderTests {

	@Test
	void everyPlaceholderInAValueBecomesTheIndex() {
		assertThat(WorkerIndexPlaceholder.resolve("{index}", 1)).isEqualTo("1");
		assertThat(WorkerIndexPlaceholder.resolve("gpu-{index}/of/{index}", 12)).isEqualTo("gpu-12/of/12");
	}

	@Test
	void valuesWithoutThePlaceholderStayAsTheyAre() {
		assertThat(WorkerIndexPlaceholder.resolve("-Xmx512m", 3)).isEqualTo("-Xmx512m");
		assertThat(WorkerIndexPlaceholder.resolve("{INDEX} {idx} index {index", 3))
			.isEqualTo("{INDEX} {idx} index {index");
	}

	@Test
	void listElementsAreResolvedInOrder() {
		assertThat(WorkerIndexPlaceholder.resolve(List.of("-Xmx1g", "-Dport=90{index}", "-Dlog=w{index}.log"), 2))
			.containsExactly("-Xmx1g", "-Dport=902", "-Dlog=w2.log");
	}

	@Test
	void mapValuesAreResolvedAndKeysKept() {
		Map<String, String> environment = new LinkedHashMap<>();
		environment.put("CUDA_VISIBLE_DEVICES", "{index}");
		environment.put("{index}", "fixed");
		assertThat(WorkerIndexPlaceholder.resolve(environment, 0))
			.containsExactly(Map.entry("CUDA_VISIBLE_DEVICES", "0"), Map.entry("{index}", "fixed"));
	}

	@Test
	void workerEnvironmentIsTheParentsWithTheWorkersVariablesOnTop() {
		Map<String, String> parent = System.getenv();
		String inherited = parent.keySet().stream().findFirst().orElseThrow();
		Map<String, String> environment = WorkerProcess
			.builder(List.of("java"), Map.of("IPC_WORKER_TEST_INDEX", "1", inherited, "replaced"))
			.environment();
		assertThat(environment).containsEntry("IPC_WORKER_TEST_INDEX", "1").containsEntry(inherited, "replaced");
		assertThat(environment.keySet()).containsAll(parent.keySet());
	}

}
