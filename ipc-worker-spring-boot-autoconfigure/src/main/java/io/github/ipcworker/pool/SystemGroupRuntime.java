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

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The runtime of a real application: the system's monotonic clock, one timer thread and
 * one sender thread per running group, and a daemon thread per blocking task.
 */
final class SystemGroupRuntime implements GroupRuntime {

	static final SystemGroupRuntime INSTANCE = new SystemGroupRuntime();

	private static final Log logger = LogFactory.getLog(SystemGroupRuntime.class);

	private SystemGroupRuntime() {
	}

	@Override
	public long nanoTime() {
		return System.nanoTime();
	}

	@Override
	public java.util.concurrent.Executor callbacks() {
		return java.util.concurrent.ForkJoinPool.commonPool();
	}

	@Override
	public Threads open(String group) {
		return new SystemThreads(group);
	}

	private static Thread daemon(Runnable task, String name) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		return thread;
	}

	private static final class SystemThreads implements Threads {

		private final String group;

		private final ScheduledThreadPoolExecutor timer;

		private final ThreadPoolExecutor sender;

		SystemThreads(String group) {
			this.group = group;
			// Both threads start now, so a group's thread count stays the same while it
			// runs.
			this.timer = new ScheduledThreadPoolExecutor(1, (task) -> daemon(task, "ipc-worker-" + group + "-timer"));
			this.timer.setRemoveOnCancelPolicy(true);
			this.timer.prestartAllCoreThreads();
			this.sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
					(task) -> daemon(task, "ipc-worker-" + group + "-sender"));
			this.sender.prestartAllCoreThreads();
		}

		@Override
		public Cancellable schedule(Runnable task, long delayNs) {
			try {
				Future<?> future = this.timer.schedule(task, Math.max(0, delayNs), TimeUnit.NANOSECONDS);
				return () -> future.cancel(false);
			}
			catch (RejectedExecutionException ex) {
				// Closed: the group is stopping and ends what is left itself.
				return Cancellable.NONE;
			}
		}

		@Override
		public void send(Runnable task) {
			try {
				this.sender.execute(task);
			}
			catch (RejectedExecutionException ex) {
				// Closed: the group is stopping and ends what is left itself.
			}
		}

		@Override
		public void spawn(String name, Runnable task) {
			daemon(task, "ipc-worker-" + name).start();
		}

		@Override
		public void close() {
			shutdown(this.sender);
			shutdown(this.timer);
		}

		private void shutdown(ExecutorService executor) {
			executor.shutdownNow();
			try {
				if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
					logger.warn("A thread of ipc-worker group '" + this.group + "' did not end within 5 seconds");
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

}
