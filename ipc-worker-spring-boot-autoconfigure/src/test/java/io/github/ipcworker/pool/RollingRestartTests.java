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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.github.ipcworker.IpcException;
import io.github.ipcworker.IpcStartupException;
import io.github.ipcworker.IpcWorkerInfo;
import io.github.ipcworker.context.ContextPropagator;
import io.github.ipcworker.pool.GroupObserver.Outcome;
import io.github.ipcworker.protocol.Frame;
import io.github.ipcworker.protocol.FrameType;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The rolling restart of {@link WorkerGroup#restart()}, on in-memory workers: a successor
 * starts beside each worker and takes over once ready, the old one finishes what it
 * holds, and no call fails. The group's threads run inline; the restart runs on a thread
 * of its own, since it waits for each old worker to exit.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RollingRestartTests {

	private final InlineRuntime runtime = new InlineRuntime();

	private final FakeWorkers workers = new FakeWorkers();

	private final PoolWorld.Outcomes outcomes = new PoolWorld.Outcomes();

	private @Nullable WorkerGroup group;

	@AfterEach
	void terminate() {
		if (this.group != null) {
			this.group.terminate();
		}
	}

	private WorkerGroup started(int size, Duration startupTimeout) {
		((Logger) LoggerFactory.getLogger("io.github.ipcworker")).setLevel(Level.WARN);
		GroupSettings base = PoolWorld.settings(size, 8, 1, 4, false, 10);
		GroupSettings settings = new GroupSettings(base.name(), base.beanName(), base.transport(), base.workers(),
				base.queueSize(), base.prefetch(), base.shmSize(), base.maxMessageSize(), base.requestTimeout(),
				startupTimeout, base.shutdownTimeout(), base.enqueueTimeout(), base.streamWindow(), base.jvmArgs(),
				base.supervision(), base.remoteWorkers());
		this.workers.processesWait = true;
		WorkerGroup group = new WorkerGroup(settings, (given) -> this.workers, this.workers, new TextCodec(),
				this.outcomes, new AtomicLong()::incrementAndGet, ContextPropagator.NONE, this.runtime);
		this.group = group;
		group.start();
		return group;
	}

	@Test
	void everyWorkerIsReplacedWhileItsCallsFinishAndNoCallFails() throws Exception {
		WorkerGroup group = started(2, Duration.ofSeconds(5));
		FakeWorkers.Link old0 = link(0);
		FakeWorkers.Link old1 = link(1);
		List<Long> oldPids = pids(group);
		CompletableFuture<@Nullable Object> first = group.submit("a", String.class);
		CompletableFuture<@Nullable Object> second = group.submit("b", String.class);
		CompletableFuture<@Nullable Object> queued = group.submit("c", String.class);
		assertThat(old0.held).hasSize(1);
		assertThat(old1.held).hasSize(1);

		Restarter restarter = Restarter.start(group);
		// Slot 0's successor takes the queued call at once; the old worker still holds
		// its own and gets no SHUTDOWN until it answered it.
		FakeWorkers.Link successor0 = awaitLink(0, old0);
		await(() -> successor0.oldest() != null);
		assertThat(old0.received).extracting(Frame::type).doesNotContain(FrameType.SHUTDOWN);
		assertThat(old0.process.isAlive()).isTrue();
		assertThat(old0.answerOldest()).isTrue();
		await(() -> !old0.process.isAlive());
		assertThat(old0.received).extracting(Frame::type).contains(FrameType.SHUTDOWN);

		FakeWorkers.Link successor1 = awaitLink(1, old1);
		assertThat(old1.answerOldest()).isTrue();
		restarter.await();
		assertThat(successor0.answerOldest()).isTrue();

		assertThat(first).isCompletedWithValue("a");
		assertThat(second).isCompletedWithValue("b");
		assertThat(queued).isCompletedWithValue("c");
		assertThat(old1.process.isAlive()).isFalse();
		assertThat(successor1.isServing()).isTrue();
		assertThat(group.workers()).extracting(IpcWorkerInfo::state)
			.containsExactly(IpcWorkerInfo.State.READY, IpcWorkerInfo.State.READY);
		assertThat(group.workers()).extracting(IpcWorkerInfo::restarts).containsExactly(1L, 1L);
		assertThat(pids(group)).doesNotContainAnyElementsOf(oldPids);
		assertThat(this.outcomes.counts.get(Outcome.SUCCESS)).hasValue(3);
		assertThat(this.outcomes.counts).containsOnlyKeys(Outcome.SUCCESS);
		assertThat(this.outcomes.replaced).hasValue(2);
		assertThat(this.workers.requestsSent.values()).containsOnly(1);
		assertThat(group.violations()).isEmpty();
		assertThat(group.submit("d", String.class)).isNotDone();
	}

	@Test
	void aSuccessorThatFailsToStartLeavesTheOldWorkerServing() throws Exception {
		WorkerGroup group = started(1, Duration.ofMillis(300));
		FakeWorkers.Link old = link(0);
		this.workers.autoReady = false;
		assertThatThrownBy(group::restart).isInstanceOf(IpcStartupException.class)
			.hasMessageContaining("did not become ready within");
		FakeWorkers.Link successor = this.workers.links.get(this.workers.links.size() - 1);
		assertThat(successor).isNotSameAs(old);
		assertThat(successor.process.isAlive()).as("the successor is not left running").isFalse();
		assertThat(old.isServing()).isTrue();
		CompletableFuture<@Nullable Object> call = group.submit("x", String.class);
		assertThat(old.answerOldest()).isTrue();
		assertThat(call).isCompletedWithValue("x");
		assertThat(group.workers()).singleElement().extracting(IpcWorkerInfo::restarts).isEqualTo(0L);
		assertThat(group.violations()).isEmpty();
	}

	@Test
	void aSecondRestartWhileOneRunsIsRefused() throws Exception {
		WorkerGroup group = started(1, Duration.ofSeconds(5));
		FakeWorkers.Link old = link(0);
		CompletableFuture<@Nullable Object> call = group.submit("x", String.class);
		Restarter restarter = Restarter.start(group);
		awaitLink(0, old);
		// The first restart waits for the old worker to answer.
		assertThatThrownBy(group::restart).isInstanceOf(IpcException.class).hasMessageContaining("already under way");
		assertThat(old.answerOldest()).isTrue();
		restarter.await();
		assertThat(call).isCompletedWithValue("x");
	}

	@Test
	void aGroupThatIsNotRunningIsNotRestarted() {
		WorkerGroup group = started(1, Duration.ofSeconds(5));
		group.stop();
		assertThatThrownBy(group::restart).isInstanceOf(IpcException.class).hasMessageContaining("is not running");
	}

	@Test
	void stoppingTheGroupWhileASuccessorStartsEndsTheSuccessorToo() throws Exception {
		WorkerGroup group = started(1, Duration.ofSeconds(20));
		FakeWorkers.Link old = link(0);
		this.workers.autoReady = false;
		Restarter restarter = Restarter.start(group);
		await(() -> this.workers.links.size() == 2);
		FakeWorkers.Link successor = this.workers.links.get(1);
		// Its link starts once it joined the group: from then on the group owns it.
		await(successor::isServing);
		group.terminate();
		assertThat(successor.process.isAlive()).as("the starting successor is stopped with its group").isFalse();
		assertThat(old.process.isAlive()).isFalse();
		Throwable failure = restarter.failure(Duration.ofSeconds(25));
		assertThat(failure).isInstanceOf(IpcException.class);
	}

	private FakeWorkers.Link link(int index) {
		return this.workers.live().stream().filter((link) -> link.index == index).findFirst().orElseThrow();
	}

	/** Waits for a serving link of a slot other than the given one: its successor. */
	private FakeWorkers.Link awaitLink(int index, FakeWorkers.Link old) throws InterruptedException {
		AtomicReference<FakeWorkers.@Nullable Link> found = new AtomicReference<>();
		await(() -> {
			this.workers.live()
				.stream()
				.filter((link) -> link.index == index && link != old)
				.findFirst()
				.ifPresent(found::set);
			return found.get() != null;
		});
		FakeWorkers.Link link = found.get();
		assertThat(link).isNotNull();
		return link;
	}

	private static List<Long> pids(WorkerGroup group) {
		return group.workers().stream().map(IpcWorkerInfo::pid).toList();
	}

	private static void await(BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("condition not met within 10 s");
			}
			Thread.sleep(1);
		}
	}

	/** Runs {@link WorkerGroup#restart()} on a thread of its own. */
	private record Restarter(Thread thread, AtomicReference<@Nullable Throwable> failed) {

		static Restarter start(WorkerGroup group) {
			AtomicReference<@Nullable Throwable> failed = new AtomicReference<>();
			Thread thread = new Thread(() -> {
				try {
					group.restart();
				}
				catch (Throwable ex) {
					failed.set(ex);
				}
			}, "restarter");
			thread.start();
			return new Restarter(thread, failed);
		}

		void await() throws InterruptedException {
			Throwable failure = failure(Duration.ofSeconds(10));
			if (failure != null) {
				throw new AssertionError("the restart failed", failure);
			}
		}

		@Nullable Throwable failure(Duration timeout) throws InterruptedException {
			this.thread.join(timeout.toMillis());
			assertThat(this.thread.isAlive()).as("the restart ended within " + timeout).isFalse();
			return this.failed.get();
		}

	}

}
