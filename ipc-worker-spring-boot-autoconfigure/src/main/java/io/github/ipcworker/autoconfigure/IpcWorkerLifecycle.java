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

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

import io.github.ipcworker.pool.GroupDirectory;
import io.github.ipcworker.pool.WorkerGroup;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;

/**
 * Starts and stops the application's worker groups with its context.
 * <p>
 * Its {@link #PHASE phase} is below Spring Boot's web server phases
 * ({@code WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE}, itself below
 * {@code GRACEFUL_SHUTDOWN_PHASE}): the groups are ready before the web server takes
 * traffic, and stopped only after it has drained, so no request reaches a stopped group.
 * Groups start and stop in parallel.
 */
public final class IpcWorkerLifecycle implements SmartLifecycle, DisposableBean {

	/**
	 * The phase: 3072 below {@link SmartLifecycle#DEFAULT_PHASE}, under the web server's
	 * start/stop phase (2048 below) and graceful shutdown phase (1024 below).
	 */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 3072;

	private static final Log logger = LogFactory.getLog(IpcWorkerLifecycle.class);

	private final Map<String, WorkerGroup> groups;

	private final Runnable beforeStart;

	private final Runnable onStopped;

	private final boolean autoStartup;

	private volatile boolean running;

	/**
	 * Creates the lifecycle of groups.
	 * @param groups the groups, by name
	 * @param beforeStart run before the groups start, to clean up after dead applications
	 * @param onStopped run after every group has stopped, to release shared resources
	 * @param autoStartup whether the groups start with the context
	 */
	public IpcWorkerLifecycle(Map<String, WorkerGroup> groups, Runnable beforeStart, Runnable onStopped,
			boolean autoStartup) {
		this.groups = Collections.unmodifiableMap(new LinkedHashMap<>(groups));
		this.beforeStart = beforeStart;
		this.onStopped = onStopped;
		this.autoStartup = autoStartup;
	}

	/**
	 * Returns the groups.
	 * @return the groups
	 */
	public Collection<WorkerGroup> groups() {
		return this.groups.values();
	}

	/**
	 * Returns the groups as a directory, for the clients.
	 * @return the directory
	 */
	public GroupDirectory directory() {
		return new GroupDirectory(this.groups.values());
	}

	@Override
	public void start() {
		if (this.running) {
			return;
		}
		this.beforeStart.run();
		try {
			all(WorkerGroup::start, "ipc-worker-start-");
		}
		catch (RuntimeException ex) {
			all(WorkerGroup::terminate, "ipc-worker-terminate-");
			this.onStopped.run();
			throw ex;
		}
		this.running = true;
	}

	@Override
	public void stop() {
		all(WorkerGroup::stop, "ipc-worker-stop-");
		this.running = false;
		this.onStopped.run();
	}

	/**
	 * Releases what the launches hold (their folder of launch files) when the context
	 * closes, also when no group was running then: groups started and stopped by hand
	 * leave the lifecycle stopped, so {@link #stop()} is not called for them.
	 */
	@Override
	public void destroy() {
		this.onStopped.run();
	}

	@Override
	public void stop(Runnable callback) {
		if (!isRunning()) {
			callback.run();
			return;
		}
		Thread stopper = new Thread(() -> {
			try {
				stop();
			}
			catch (RuntimeException ex) {
				logger.warn("Stopping ipc-worker groups failed", ex);
			}
			finally {
				callback.run();
			}
		}, "ipc-worker-stop");
		stopper.start();
	}

	/**
	 * Returns whether the groups were started with the context, or any group was started
	 * by hand, so that closing the context stops them either way.
	 */
	@Override
	public boolean isRunning() {
		return this.running || this.groups.values().stream().anyMatch(WorkerGroup::isRunning);
	}

	@Override
	public boolean isAutoStartup() {
		return this.autoStartup;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	/**
	 * Runs an action on every group at once; fails with the first failure, the others
	 * suppressed.
	 */
	private void all(Consumer<WorkerGroup> action, String threadPrefix) {
		if (this.groups.size() == 1) {
			action.accept(this.groups.values().iterator().next());
			return;
		}
		List<CompletableFuture<Void>> futures = new ArrayList<>();
		for (WorkerGroup group : this.groups.values()) {
			CompletableFuture<Void> future = new CompletableFuture<>();
			Thread thread = new Thread(() -> {
				try {
					action.accept(group);
					future.complete(null);
				}
				catch (Throwable ex) {
					future.completeExceptionally(ex);
				}
			}, threadPrefix + group.name());
			thread.start();
			futures.add(future);
		}
		RuntimeException first = null;
		for (CompletableFuture<Void> future : futures) {
			try {
				future.join();
			}
			catch (CompletionException ex) {
				RuntimeException failure = (ex.getCause() instanceof RuntimeException runtime) ? runtime : ex;
				if (first == null) {
					first = failure;
				}
				else {
					first.addSuppressed(failure);
				}
			}
		}
		if (first != null) {
			throw first;
		}
	}

}
