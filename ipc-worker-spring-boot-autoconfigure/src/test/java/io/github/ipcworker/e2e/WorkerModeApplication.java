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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.github.ipcworker.IpcHandler;
import io.github.ipcworker.IpcWorker;
import io.github.ipcworker.IpcWorkerStartup;

import jakarta.annotation.PreDestroy;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * An application with the start-up hooks a worker process must leave alone, those it must
 * run because its worker bean needs them, and those opted in with
 * {@link IpcWorkerStartup @IpcWorkerStartup}. Each hook leaves a marker file named
 * {@code <hook>-<pid>} in the folder {@value #MARKERS_PROPERTY} names, so a test sees
 * which process ran what.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableScheduling
@Import({ WorkerModeApplication.ProbeWorker.class, WorkerModeApplication.ApplicationHooks.class,
		WorkerModeApplication.OptedInHooks.class })
public class WorkerModeApplication {

	/** The property naming the folder of marker files. */
	static final String MARKERS_PROPERTY = "e2e.markers";

	@Bean
	MarkerLifecycle applicationLifecycle(Environment environment) {
		return new MarkerLifecycle(environment, "application-lifecycle");
	}

	@Bean
	MarkerLifecycle workerDependency(Environment environment) {
		return new MarkerLifecycle(environment, "dependency-lifecycle");
	}

	@Bean
	@IpcWorkerStartup
	MarkerLifecycle optedInLifecycle(Environment environment) {
		return new MarkerLifecycle(environment, "opted-in-lifecycle");
	}

	@Bean
	ApplicationListener<ApplicationStartedEvent> applicationStartedListener(Environment environment) {
		return (event) -> mark(environment, "application-started");
	}

	/**
	 * Answers with its pid, once it has seen the lifecycle bean it depends on running.
	 */
	@IpcWorker(group = "probe", workers = 1)
	static class ProbeWorker implements IpcHandler<String, Long> {

		private final MarkerLifecycle dependency;

		private final Environment environment;

		ProbeWorker(@Qualifier("workerDependency") MarkerLifecycle dependency, Environment environment) {
			this.dependency = dependency;
			this.environment = environment;
		}

		@Override
		public Long handle(String request) throws InterruptedException {
			if (!this.dependency.isRunning()) {
				throw new IllegalStateException("the lifecycle bean this worker depends on was not started");
			}
			if (request.startsWith("sleep:")) {
				Thread.sleep(Long.parseLong(request.substring("sleep:".length())));
			}
			return ProcessHandle.current().pid();
		}

		/** Shows that a worker stopped in order ran its bean's end. */
		@PreDestroy
		void end() {
			mark(this.environment, "worker-predestroy");
		}

	}

	/** Start-up hooks of the application, that only the application runs. */
	static class ApplicationHooks {

		private final Environment environment;

		ApplicationHooks(Environment environment) {
			this.environment = environment;
		}

		@EventListener(ApplicationReadyEvent.class)
		void ready() {
			mark(this.environment, "application-ready");
		}

		@Scheduled(fixedDelay = 100)
		void tick() {
			mark(this.environment, "application-scheduled");
		}

	}

	/** Start-up hooks that workers run too. */
	@IpcWorkerStartup
	static class OptedInHooks {

		private final Environment environment;

		OptedInHooks(Environment environment) {
			this.environment = environment;
		}

		@EventListener(ApplicationStartedEvent.class)
		void started() {
			mark(this.environment, "opted-in-started");
		}

		@EventListener(ApplicationReadyEvent.class)
		void ready() {
			mark(this.environment, "opted-in-ready");
		}

		@Scheduled(fixedDelay = 100)
		void tick() {
			mark(this.environment, "opted-in-scheduled");
		}

	}

	/** A lifecycle bean that marks its start. */
	static class MarkerLifecycle implements SmartLifecycle {

		private final Environment environment;

		private final String name;

		private volatile boolean running;

		MarkerLifecycle(Environment environment, String name) {
			this.environment = environment;
			this.name = name;
		}

		@Override
		public void start() {
			mark(this.environment, this.name);
			this.running = true;
		}

		@Override
		public void stop() {
			this.running = false;
		}

		@Override
		public boolean isRunning() {
			return this.running;
		}

	}

	static void mark(Environment environment, String hook) {
		Path folder = Path.of(environment.getRequiredProperty(MARKERS_PROPERTY));
		try {
			Files.writeString(folder.resolve(hook + "-" + ProcessHandle.current().pid()), "");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
