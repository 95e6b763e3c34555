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

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.github.ipcworker.IpcHandler;
import io.github.ipcworker.pool.GroupSettings;
import io.github.ipcworker.process.ChildCommand;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for what {@link SpringWorkerLauncher} starts a worker with: per-group environment
 * variables and JVM options, with {@code {index}} filled in. No worker JVM is started.
 */
class SpringWorkerLauncherTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(PropertiesConfiguration.class);

	@Test
	void groupEnvironmentGetsTheWorkersIndexAndKeepsTheVariableNames() {
		this.runner
			.withPropertyValues("ipc.worker.groups.models.environment.CUDA_VISIBLE_DEVICES={index}",
					"ipc.worker.groups.models.environment.MODEL_CACHE=/tmp/cache-{index}",
					"ipc.worker.groups.models.environment.LOG_LEVEL=info")
			.run((context) -> {
				SpringWorkerLauncher launcher = new SpringWorkerLauncher(context,
						context.getBean(IpcWorkerProperties.class));
				assertThat(launcher.environment("models", 0)).containsExactlyInAnyOrderEntriesOf(
						Map.of("CUDA_VISIBLE_DEVICES", "0", "MODEL_CACHE", "/tmp/cache-0", "LOG_LEVEL", "info"));
				// A replacement of worker 1 is launched for index 1 again, so it gets the
				// same values.
				assertThat(launcher.environment("models", 1)).containsEntry("CUDA_VISIBLE_DEVICES", "1")
					.containsEntry("MODEL_CACHE", "/tmp/cache-1");
				assertThat(launcher.environment("other", 1)).isEmpty();
			});
	}

	@Test
	void groupJvmArgsGetTheWorkersIndexAfterTheDefaults() {
		this.runner
			.withPropertyValues("ipc.worker.jvm-args=-Xmx256m",
					"ipc.worker.groups.models.jvm-args=-Xmx1g,-Dgpu={index}")
			.run((context) -> {
				GroupSettingsMapper mapper = new GroupSettingsMapper(context.getBean(IpcWorkerProperties.class));
				GroupSettings models = mapper.map(definition("models"));
				List<String> jvmArgs = SpringWorkerLauncher.jvmArgs(models, 1);
				assertThat(jvmArgs).containsSubsequence("-XX:+ExitOnOutOfMemoryError", "-Xmx1g", "-Dgpu=1")
					.doesNotContain("-Xmx256m", "-Dgpu={index}");
				List<String> command = ChildCommand.forCurrentJvm(getClass().getClassLoader(), jvmArgs)
					.toCommand(Path.of("classpath.args"));
				assertThat(command).containsSubsequence("-Dgpu=1", "@classpath.args", ChildCommand.WORKER_MAIN_CLASS);
				GroupSettings others = mapper.map(definition("others"));
				assertThat(SpringWorkerLauncher.jvmArgs(others, 0)).contains("-Xmx256m").doesNotContain("-Xmx1g");
			});
	}

	@Test
	void globalJvmArgsGetTheWorkersIndexToo() {
		this.runner.withPropertyValues("ipc.worker.jvm-args=-Dslot={index}").run((context) -> {
			GroupSettingsMapper mapper = new GroupSettingsMapper(context.getBean(IpcWorkerProperties.class));
			assertThat(SpringWorkerLauncher.jvmArgs(mapper.map(definition("any")), 3)).contains("-Dslot=3");
		});
	}

	private static IpcWorkerDefinition definition(String group) {
		return new IpcWorkerDefinition(group, group + "Worker", EchoWorker.class, 2, false);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(IpcWorkerProperties.class)
	static class PropertiesConfiguration {

	}

	static class EchoWorker implements IpcHandler<String, String> {

		@Override
		public String handle(String request) {
			return request;
		}

	}

}
