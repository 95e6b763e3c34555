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

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The production runtime, on real threads: every wait has a deadline and every set of
 * threads opened is closed.
 */
@Timeout(30)
class SystemGroupRuntimeTests {

	private final GroupRuntime runtime = GroupRuntime.system();

	private final GroupRuntime.Threads threads = this.runtime.open("sys");

	@AfterEach
	void close() {
		this.threads.close();
	}

	private static Thread runOn(java.util.function.Consumer<Runnable> where) throws Exception {
		CompletableFuture<Thread> ran = new CompletableFuture<>();
		where.accept(() -> ran.complete(Thread.currentThread()));
		return ran.get(10, TimeUnit.SECONDS);
	}

	@Test
	void itsClockIsTheSystemsMonotonicClock() {
		long before = System.nanoTime();
		long now = this.runtime.nanoTime();
		long after = System.nanoTime();
		assertThat(now).isBetween(before, after);
	}

	@Test
	void callbacksRunOffTheCallersThread() throws Exception {
		Thread thread = runOn(this.runtime.callbacks()::execute);
		assertThat(thread).isNotSameAs(Thread.currentThread());
	}

	@Test
	void scheduledTasksRunOnTheGroupsDaemonTimerAfterTheirDelay() throws Exception {
		long startNs = System.nanoTime();
		Thread thread = runOn((task) -> this.threads.schedule(task, TimeUnit.MILLISECONDS.toNanos(30)));
		assertThat(System.nanoTime() - startNs).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(30));
		assertThat(thread.getName()).isEqualTo("ipc-worker-sys-timer");
		assertThat(thread.isDaemon()).isTrue();
	}

	@Test
	void aCancelledTaskNeverRuns() throws Exception {
		CountDownLatch ran = new CountDownLatch(1);
		this.threads.schedule(ran::countDown, TimeUnit.MILLISECONDS.toNanos(50)).cancel();
		assertThat(ran.await(200, TimeUnit.MILLISECONDS)).isFalse();
	}

	@Test
	void sentTasksRunOnTheGroupsDaemonSender() throws Exception {
		Thread thread = runOn(this.threads::send);
		assertThat(thread.getName()).isEqualTo("ipc-worker-sys-sender");
		assertThat(thread.isDaemon()).isTrue();
	}

	@Test
	void spawnedTasksRunOnADaemonThreadOfTheirOwn() throws Exception {
		Thread thread = runOn((task) -> this.threads.spawn("sys#0-reaper", task));
		assertThat(thread.getName()).isEqualTo("ipc-worker-sys#0-reaper");
		assertThat(thread.isDaemon()).isTrue();
	}

	@Test
	void closeEndsTheGroupsThreadsAndInterruptsWhatRuns() throws Exception {
		Thread timer = runOn((task) -> this.threads.schedule(task, 0));
		Thread sender = runOn(this.threads::send);
		CountDownLatch started = new CountDownLatch(1);
		CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
		this.threads.send(() -> {
			started.countDown();
			try {
				Thread.sleep(20_000);
				interrupted.complete(false);
			}
			catch (InterruptedException ex) {
				interrupted.complete(true);
			}
		});
		assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
		this.threads.close();
		assertThat(interrupted.get(10, TimeUnit.SECONDS)).isTrue();
		timer.join(10_000);
		sender.join(10_000);
		assertThat(timer.isAlive()).isFalse();
		assertThat(sender.isAlive()).isFalse();
		// Closed: what comes later is dropped quietly, never run.
		CountDownLatch late = new CountDownLatch(2);
		this.threads.send(late::countDown);
		this.threads.schedule(late::countDown, 0).cancel();
		assertThat(late.await(100, TimeUnit.MILLISECONDS)).isFalse();
	}

	@Test
	void closingOnAnInterruptedThreadKeepsTheInterrupt() {
		Thread.currentThread().interrupt();
		try {
			this.threads.close();
			assertThat(Thread.currentThread().isInterrupted()).isTrue();
		}
		finally {
			Thread.interrupted();
		}
	}

}
