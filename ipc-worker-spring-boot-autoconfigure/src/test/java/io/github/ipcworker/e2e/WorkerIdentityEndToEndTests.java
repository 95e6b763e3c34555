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
package io.github.ipcworker.e2e;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.github.ipcworker.IpcClient;
import io.github.ipcworker.IpcGroup;
import io.github.ipcworker.IpcWorkerInfo;
import io.github.ipcworker.e2e.WorkerIdentityApplication.Identity;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Worker identity with real worker JVMs: each worker of a group of two gets its own
 * {@code IpcWorkerContext}, environment variable and JVM option by its index, and a
 * worker that replaces a killed one takes over its index.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WorkerIdentityEndToEndTests {

	private ConfigurableApplicationContext context;

	@AfterEach
	void noWorkerOutlivesTheTest() throws InterruptedException {
		Leftovers.closeAndCheck(this.context);
	}

	@Test
	void eachWorkerKnowsItsIndexAndAReplacementTakesOverTheIndexOfTheWorkerItReplaces() {
		this.context = new SpringApplicationBuilder(WorkerIdentityApplication.class).web(WebApplicationType.NONE)
			.run("--ipc.worker.groups.models.environment." + WorkerIdentityApplication.SLOT_VARIABLE + "=slot-{index}",
					"--ipc.worker.groups.models.jvm-args=-D" + WorkerIdentityApplication.SLOT_PROPERTY
							+ "=jvm-{index}");
		IpcClient ipc = this.context.getBean(IpcClient.class);
		IpcGroup models = ipc.group("models");

		Map<Integer, Identity> first = identities(ipc);
		assertThat(first).containsOnlyKeys(0, 1);
		Map<Integer, Long> pids = readyPids(models);
		for (int index : List.of(0, 1)) {
			Identity identity = first.get(index);
			assertThat(identity.group()).isEqualTo("models");
			assertThat(identity.pid()).isEqualTo(identity.processPid()).isEqualTo(pids.get(index));
			assertThat(identity.slotVariable()).isEqualTo("slot-" + index);
			assertThat(identity.slotProperty()).isEqualTo("jvm-" + index);
		}

		long killed = pids.get(1);
		ProcessHandle.of(killed).ifPresent(ProcessHandle::destroyForcibly);
		Awaitility.await("worker 1 replaced and ready")
			.atMost(Duration.ofSeconds(60))
			.until(() -> readyPids(models).getOrDefault(1, killed) != killed && readyPids(models).size() == 2);

		Map<Integer, Identity> second = identities(ipc);
		Map<Integer, Long> replacedPids = readyPids(models);
		assertThat(second).containsOnlyKeys(0, 1);
		Identity replacement = second.get(1);
		assertThat(replacement.pid()).isNotEqualTo(killed)
			.isEqualTo(replacement.processPid())
			.isEqualTo(replacedPids.get(1));
		assertThat(replacement.slotVariable()).isEqualTo("slot-1");
		assertThat(replacement.slotProperty()).isEqualTo("jvm-1");
		assertThat(second.get(0)).isEqualTo(first.get(0));
	}

	/** Asks every ready worker once, keyed by the index each reports. */
	private static Map<Integer, Identity> identities(IpcClient ipc) {
		List<Identity> answers = ipc.broadcast("models", "who", Identity.class);
		assertThat(answers).hasSize(2);
		return answers.stream().collect(Collectors.toMap(Identity::index, Function.identity()));
	}

	/** The pids of the ready workers, as the group reports them, by index. */
	private static Map<Integer, Long> readyPids(IpcGroup group) {
		return group.workers()
			.stream()
			.filter((worker) -> worker.state() == IpcWorkerInfo.State.READY)
			.collect(Collectors.toMap(IpcWorkerInfo::index, IpcWorkerInfo::pid));
	}

}
