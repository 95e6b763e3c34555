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

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WorkerEventLog}.
 */
class WorkerEventLogTests {

	private final Logger logger = (Logger) LoggerFactory.getLogger(WorkerEventLog.LOG_NAME);

	private final ListAppender<ILoggingEvent> events = new ListAppender<>();

	private final WorkerEventLog log = new WorkerEventLog();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(IpcWorkerAutoConfiguration.class))
		.withPropertyValues("ipc.worker.auto-startup=false");

	@BeforeEach
	void attach() {
		this.events.start();
		this.logger.addAppender(this.events);
	}

	@AfterEach
	void detach() {
		this.logger.detachAppender(this.events);
	}

	@Test
	void firstStartIsAnInfoLineWithItsPairs() {
		this.log.workerStarted("calc", 1, 4242, 0, Duration.ofMillis(1500).toNanos());
		ILoggingEvent event = single();
		assertThat(event.getLevel()).isEqualTo(Level.INFO);
		assertThat(event.getFormattedMessage())
			.isEqualTo("event=worker.started group=calc worker=1 pid=4242 startupMs=1500");
		assertThat(pairs(event)).containsEntry("event", "worker.started")
			.containsEntry("group", "calc")
			.containsEntry("worker", 1)
			.containsEntry("pid", 4242L)
			.containsEntry("startupMs", 1500L);
	}

	@Test
	void startOfAReplacementIsARestart() {
		this.log.workerStarted("calc", 0, 4243, 2, Duration.ofMillis(900).toNanos());
		assertThat(single().getFormattedMessage())
			.isEqualTo("event=worker.restarted group=calc worker=0 pid=4243 restarts=2 startupMs=900");
	}

	@Test
	void crashIsAWarningWithCauseAndExitCode() {
		this.log.workerExited("calc", 0, 4242, "crash", 137);
		ILoggingEvent event = single();
		assertThat(event.getLevel()).isEqualTo(Level.WARN);
		assertThat(event.getFormattedMessage())
			.isEqualTo("event=worker.crashed group=calc worker=0 pid=4242 cause=crash exitCode=137");
		assertThat(pairs(event)).containsEntry("cause", "crash").containsEntry("exitCode", 137);
	}

	@Test
	void stopAskedForByTheGroupIsAnInfoLine() {
		this.log.workerExited("calc", 0, 4242, "stopped", 0);
		this.log.workerExited("calc", 1, 4243, "recycled", null);
		this.log.workerExited("calc", 0, 4244, "restart", 0);
		assertThat(this.events.list).extracting(ILoggingEvent::getLevel)
			.containsExactly(Level.INFO, Level.INFO, Level.INFO);
		assertThat(this.events.list).extracting(ILoggingEvent::getFormattedMessage)
			.containsExactly("event=worker.stopped group=calc worker=0 pid=4242 cause=stopped exitCode=0",
					"event=worker.stopped group=calc worker=1 pid=4243 cause=recycled",
					"event=worker.stopped group=calc worker=0 pid=4244 cause=restart exitCode=0");
	}

	@Test
	void aScaledGroupAndAWorkerRetiredForIdlingAreInfoLines() {
		this.log.groupScaled("calc", 1, 3, "queue");
		this.log.workerExited("calc", 2, 4245, "scaled-down", 0);
		assertThat(this.events.list).extracting(ILoggingEvent::getLevel).containsExactly(Level.INFO, Level.INFO);
		assertThat(this.events.list).extracting(ILoggingEvent::getFormattedMessage)
			.containsExactly("event=group.scaled group=calc from=1 to=3 reason=queue",
					"event=worker.stopped group=calc worker=2 pid=4245 cause=scaled-down exitCode=0");
	}

	@Test
	void nothingIsLoggedWhenTheLoggerIsOff() {
		Level level = this.logger.getLevel();
		this.logger.setLevel(Level.OFF);
		try {
			this.log.workerExited("calc", 0, 4242, "crash", 137);
		}
		finally {
			this.logger.setLevel(level);
		}
		assertThat(this.events.list).isEmpty();
	}

	@Test
	void theApplicationLogsWorkerEvents() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(WorkerEventLog.class));
	}

	@Test
	void withoutSlf4jWorkerEventsAreNotLogged() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("org.slf4j"))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean("ipcWorkerEventLog")
				.hasBean("ipcClient"));
	}

	private ILoggingEvent single() {
		assertThat(this.events.list).hasSize(1);
		return this.events.list.get(0);
	}

	private static Map<String, Object> pairs(ILoggingEvent event) {
		List<org.slf4j.event.KeyValuePair> pairs = event.getKeyValuePairs();
		return pairs.stream().collect(Collectors.toMap((pair) -> pair.key, (pair) -> pair.value));
	}

}
