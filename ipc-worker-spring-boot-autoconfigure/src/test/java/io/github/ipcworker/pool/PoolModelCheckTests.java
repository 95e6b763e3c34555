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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.github.ipcworker.IpcException;
import io.github.ipcworker.context.ContextPropagator;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pastalab.fray.junit.junit5.FrayTestExtension;
import org.pastalab.fray.junit.junit5.annotations.FrayTest;
import org.slf4j.LoggerFactory;

/**
 * Races between callers, workers and the group's lifecycle, over the real rooms and the
 * in-memory workers, model-checked by Fray: each test runs a few threads of a few steps
 * each, and Fray runs it again and again, each time choosing another order in which the
 * threads take their steps (its default scheduler, partial-order sampling, favours orders
 * that differ in which thread gets a lock or a variable first). After each run the test
 * checks what must hold whatever the order: every call ended exactly once, the rooms'
 * invariants ({@code violations()}), nothing sent more often than allowed.
 * <p>
 * The group runs on an {@link InlineRuntime}: what its threads would do (sending,
 * starting workers, timers) runs on the test's threads, so Fray interleaves the group's
 * own steps with the callers' and the workers'. Timers fire when a test thread says so.
 * <p>
 * Maven's model-check profile runs these on Fray's instrumented JDK 25; the ordinary test
 * run leaves out every {@code *ModelCheckTests} class, which loads only there (see the
 * module's pom.xml).
 */
@ExtendWith(FrayTestExtension.class)
class PoolModelCheckTests {

	/** Orders explored per scenario. */
	private static final int ITERATIONS = 250;

	/**
	 * One worker that holds one request at a time: the first call went to it, the second
	 * waits in the queue. The worker answers and dies while the second call's caller
	 * cancels it and a third call comes in, so the cancel can meet the call queued, being
	 * moved to the worker, sent, or lost with the worker.
	 */
	@FrayTest(iterations = ITERATIONS)
	void aCancelRacesTheAnswerThatMovesItsCallAndTheWorkerDeath() {
		Scene scene = new Scene(1, false);
		FakeWorkers.Link link = scene.link(0);
		scene.submit("first");
		CompletableFuture<@Nullable Object> second = scene.submit("second");
		scene.race(() -> {
			link.answerOldest();
			link.die();
		}, () -> second.cancel(false), () -> scene.submit("third"));
		scene.terminateAndCheck(1);
	}

	/**
	 * A subscriber asks for items while the worker sends what its credit allows and dies,
	 * and the group is terminated meanwhile: the subscriber hears of the end exactly
	 * once, never gets more than it asked for, and the stream is never sent twice.
	 */
	@FrayTest(iterations = ITERATIONS)
	void aStreamRacesItsWorkerDeathAndTermination() {
		Scene scene = new Scene(1, false);
		scene.workers.streaming = true;
		FakeWorkers.Link link = scene.link(0);
		RecordingSubscriber subscriber = new RecordingSubscriber();
		scene.race(() -> {
			try {
				scene.group.subscribe("stream", String.class, subscriber).request(2);
			}
			catch (IpcException ex) {
				// Terminated first: the subscriber is told as well.
			}
		}, () -> {
			link.item(false);
			link.item(false);
			link.die();
		}, scene.group::terminate);
		scene.checkEnded("after the race with terminate");
		scene.terminateAndCheck(1);
		synchronized (subscriber) {
			check(subscriber.ends == 1, "the subscriber was told of its end " + subscriber.ends + " times");
			check(subscriber.items.size() <= 2,
					"the subscriber got " + subscriber.items.size() + " items, it asked for 2");
		}
	}

	/**
	 * With retry on crash and two workers, a caller's two calls go one to each worker;
	 * the first worker dies, so its call is sent again, while the group stops: every call
	 * ends, and none is sent more than twice.
	 */
	@FrayTest(iterations = ITERATIONS)
	void aRetryRacesTheStopOfTheGroup() {
		Scene scene = new Scene(2, true);
		FakeWorkers.Link first = scene.link(0);
		scene.race(() -> {
			scene.submit("first");
			scene.submit("second");
		}, first::die, scene.group::stop);
		scene.checkEnded("after the race with stop");
		scene.terminateAndCheck(2);
	}

	/**
	 * A graceful stop waits for the call its worker holds while the worker answers it: a
	 * call whose answer arrived ends with that answer, never with the stop's failure.
	 */
	@FrayTest(iterations = ITERATIONS)
	void aGracefulStopRacesTheAnswerItWaitsFor() {
		Scene scene = new Scene(1, false, Duration.ofSeconds(5));
		FakeWorkers.Link link = scene.link(0);
		CompletableFuture<@Nullable Object> running = scene.submit("running");
		AtomicBoolean answered = new AtomicBoolean();
		scene.race(scene.group::stop, () -> answered.set(link.answerOldest()));
		if (answered.get()) {
			check(!running.isCompletedExceptionally() && "running".equals(running.getNow(null)),
					"an answered call ended with "
							+ running.handle((value, failure) -> (failure != null) ? failure : value).getNow(null));
		}
		scene.terminateAndCheck(1);
	}

	/**
	 * A caller blocks in {@code call} while its deadline passes, its worker answers or
	 * dies, and the group is terminated, in any order: the caller gets the answer or one
	 * {@link IpcException}, and the call is counted once.
	 */
	@FrayTest(iterations = ITERATIONS)
	void aBlockingCallRacesItsDeadlineItsAnswerItsWorkerDeathAndTermination() {
		Scene scene = new Scene(1, false);
		FakeWorkers.Link link = scene.link(0);
		AtomicReference<@Nullable Object> outcome = new AtomicReference<>();
		scene.race(() -> {
			try {
				outcome.set(scene.group.call("call", String.class, Duration.ofSeconds(5)));
			}
			catch (IpcException ex) {
				outcome.set(ex);
			}
		}, link::answerOldest, () -> {
			scene.runtime.fireTimers();
			link.die();
			// The replacement's start, or a deadline set after the first firing.
			scene.runtime.fireTimers();
		}, scene.group::terminate);
		Object ended = outcome.get();
		check("call".equals(ended) || ended instanceof IpcException, "the caller got " + ended);
		int counted = scene.outcomes.counts.values().stream().mapToInt(AtomicInteger::get).sum();
		check(counted <= 1, "the call was counted " + counted + " times");
		scene.terminateAndCheck(1);
	}

	private static void check(boolean holds, String problem) {
		if (!holds) {
			throw new AssertionError(problem);
		}
	}

	/**
	 * A started group of one or two workers, each holding one request at a time, and what
	 * its callers were given.
	 */
	private static final class Scene {

		final InlineRuntime runtime = new InlineRuntime();

		final FakeWorkers workers = new FakeWorkers();

		final PoolWorld.Outcomes outcomes = new PoolWorld.Outcomes();

		final WorkerGroup group;

		private final List<CompletableFuture<@Nullable Object>> futures = new ArrayList<>();

		Scene(int size, boolean retryOnCrash) {
			this(size, retryOnCrash, Duration.ZERO);
		}

		Scene(int size, boolean retryOnCrash, Duration shutdownTimeout) {
			// Every run kills a worker, and the pool warns of each death: keep it quiet.
			((Logger) LoggerFactory.getLogger("io.github.ipcworker")).setLevel(Level.OFF);
			GroupSettings settings = PoolWorld.settings(size, 8, 1, 4, retryOnCrash, 10);
			settings = new GroupSettings(settings.name(), settings.beanName(), settings.transport(), settings.workers(),
					settings.queueSize(), settings.prefetch(), settings.shmSize(), settings.maxMessageSize(),
					settings.requestTimeout(), settings.startupTimeout(), shutdownTimeout, settings.enqueueTimeout(),
					settings.streamWindow(), settings.jvmArgs(), settings.supervision(), settings.remoteWorkers());
			this.group = new WorkerGroup(settings, (given) -> this.workers, this.workers, new TextCodec(),
					this.outcomes, new AtomicLong()::incrementAndGet, ContextPropagator.NONE, this.runtime);
			this.group.start();
		}

		FakeWorkers.Link link(int index) {
			return this.workers.live().stream().filter((link) -> link.index == index).findFirst().orElseThrow();
		}

		CompletableFuture<@Nullable Object> submit(String request) {
			CompletableFuture<@Nullable Object> future = this.group.submit(request, String.class);
			synchronized (this.futures) {
				this.futures.add(future);
			}
			return future;
		}

		/** Runs each step on a thread of its own, all at once, and waits for them. */
		void race(Runnable... steps) {
			Throwable[] failures = new Throwable[steps.length];
			Thread[] threads = new Thread[steps.length];
			for (int i = 0; i < steps.length; i++) {
				int index = i;
				threads[i] = new Thread(() -> {
					try {
						steps[index].run();
					}
					catch (Throwable ex) {
						failures[index] = ex;
					}
				});
			}
			for (Thread thread : threads) {
				thread.start();
			}
			for (Thread thread : threads) {
				try {
					thread.join();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new AssertionError("interrupted", ex);
				}
			}
			for (Throwable failure : failures) {
				if (failure != null) {
					throw new AssertionError("a step failed: " + failure, failure);
				}
			}
		}

		/** Checks that every call ended: its future, and its entry in the call table. */
		void checkEnded(String when) {
			check(this.group.openCalls() == 0, when + ": " + this.group.openCalls() + " call(s) left open");
			synchronized (this.futures) {
				for (CompletableFuture<@Nullable Object> future : this.futures) {
					check(future.isDone(), when + ": a future is still pending: " + future);
				}
			}
		}

		/**
		 * Checks the rooms' invariants, terminates the group and checks that everything
		 * ended: every future, every call in the table, every set of threads.
		 * @param maxSends how often one request may have been sent
		 */
		void terminateAndCheck(int maxSends) {
			List<String> violations = this.group.violations();
			check(violations.isEmpty(), "before terminate: " + violations);
			this.group.terminate();
			violations = this.group.violations();
			check(violations.isEmpty(), "after terminate: " + violations);
			checkEnded("after terminate");
			check(this.runtime.allClosed(), "threads left open");
			synchronized (this.workers) {
				for (Map.Entry<Long, Integer> sent : this.workers.requestsSent.entrySet()) {
					int most = this.workers.streamRequests.contains(sent.getKey()) ? 1 : maxSends;
					check(sent.getValue() <= most,
							"request " + sent.getKey() + " was sent " + sent.getValue() + " times");
				}
			}
		}

	}

}
