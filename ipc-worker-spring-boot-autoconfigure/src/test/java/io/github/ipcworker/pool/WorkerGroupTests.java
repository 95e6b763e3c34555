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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.github.ipcworker.IpcException;
import io.github.ipcworker.IpcGroup;
import io.github.ipcworker.IpcRemoteException;
import io.github.ipcworker.IpcTimeoutException;
import io.github.ipcworker.IpcWorkerCrashedException;
import io.github.ipcworker.protocol.Frame;
import io.github.ipcworker.protocol.FrameType;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The pool's rooms together, over in-memory workers on a hand-driven clock: each test
 * pins one behaviour, most of them defects of the single-class pool they replace.
 */
@Timeout(30)
class WorkerGroupTests {

	private @Nullable PoolWorld world;

	@AfterEach
	void stopTheGroup() {
		PoolWorld world = this.world;
		if (world != null) {
			world.group.terminate();
			assertThat(world.group.openCalls()).as("calls left open").isZero();
			assertThat(world.runtime.allClosed()).as("threads left open").isTrue();
		}
	}

	private PoolWorld world(PoolWorld world) {
		this.world = world;
		return world.started();
	}

	private static Throwable failureOf(CompletableFuture<?> future) {
		assertThat(future).isCompletedExceptionally();
		try {
			future.get(0, TimeUnit.SECONDS);
			throw new AssertionError("not failed");
		}
		catch (ExecutionException ex) {
			return ex.getCause();
		}
		catch (Exception ex) {
			return ex;
		}
	}

	private static long creditOfRequest(FakeWorkers.Link link, long requestId) {
		return link.received.stream()
			.filter((frame) -> frame.type() == FrameType.REQUEST && frame.requestId() == requestId)
			.mapToLong(Frame::sequence)
			.findFirst()
			.orElseThrow();
	}

	@Nested
	class Streams {

		@Test
		void subscribersThatHadToQueueGetTheirItems() {
			PoolWorld world = world(PoolWorld.of(1));
			world.workers.streaming = true;
			RecordingSubscriber[] subscribers = { new RecordingSubscriber(), new RecordingSubscriber(),
					new RecordingSubscriber() };
			for (RecordingSubscriber subscriber : subscribers) {
				world.group.subscribe("go", String.class, subscriber).request(10);
			}
			FakeWorkers.Link link = world.link(0);
			for (int stream = 0; stream < 3; stream++) {
				while (link.item(false)) {
					world.runtime.runReady();
				}
				link.answerOldest();
				world.runtime.runReady();
			}
			for (RecordingSubscriber subscriber : subscribers) {
				assertThat(subscriber.items).hasSizeGreaterThanOrEqualTo(4);
				assertThat(subscriber.completed).isTrue();
			}
		}

		@Test
		void aQueuedSubscriberStreamCarriesItsDemandInItsRequest() {
			PoolWorld world = world(PoolWorld.of(1));
			world.group.subscribe("first", String.class, new RecordingSubscriber()).request(1);
			RecordingSubscriber second = new RecordingSubscriber();
			world.group.subscribe("second", String.class, second).request(3);
			FakeWorkers.Link link = world.link(0);
			long secondId = link.held.keySet().iterator().next() + 1;
			link.answerOldest();
			world.runtime.runReady();
			assertThat(creditOfRequest(link, secondId)).isEqualTo(3);
		}

		@Test
		void subscribersAreNeverCalledOnTheLinksThread() {
			PoolWorld world = world(PoolWorld.of(1));
			RecordingSubscriber subscriber = new RecordingSubscriber();
			world.group.subscribe("go", String.class, subscriber).request(2);
			world.link(0).item(false);
			assertThat(subscriber.items).as("delivered inline by the reader").isEmpty();
			world.runtime.runReady();
			assertThat(subscriber.items).containsExactly("item1");
		}

		@Test
		void aWorkerSendingItemsBeyondItsCreditLosesItsLinkAndIsReplaced() {
			PoolWorld world = world(PoolWorld.of(1));
			RecordingSubscriber subscriber = new RecordingSubscriber();
			world.group.subscribe("go", String.class, subscriber).request(1);
			FakeWorkers.Link link = world.link(0);
			assertThat(link.item(false)).isTrue();
			assertThat(link.item(false)).as("no credit left").isFalse();
			link.item(true);
			world.runtime.advance(Duration.ofSeconds(1).toNanos());
			assertThat(subscriber.failure).isInstanceOf(IpcException.class).hasMessageContaining("beyond the 1");
			assertThat(link.isServing()).isFalse();
			assertThat(world.workers.live()).hasSize(1).doesNotContain(link);
			assertThat(world.group.violations()).isEmpty();
		}

		@Test
		void aStreamBeingReadIsNotCancelledWhenItsHeadIsCollected() throws InterruptedException {
			PoolWorld world = world(PoolWorld.of(1));
			java.util.Iterator<@Nullable Object> items = world.group.stream("go", String.class, null).iterator();
			FakeWorkers.Link link = world.link(0);
			// Only the iterator is held now, as a running forEach holds it.
			for (int i = 0; i < 5; i++) {
				System.gc();
				Thread.sleep(40);
			}
			assertThat(cancels(link)).isZero();
			link.item(false);
			assertThat(items.next()).isEqualTo("item1");
			java.lang.ref.Reference.reachabilityFence(items);
		}

		@Test
		void aStreamDroppedUnreadIsCancelledInItsWorker() {
			PoolWorld world = world(PoolWorld.of(1));
			world.group.stream("go", String.class, null);
			FakeWorkers.Link link = world.link(0);
			org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
				System.gc();
				return cancels(link) == 1;
			});
		}

		private static long cancels(FakeWorkers.Link link) {
			return link.received.stream().filter((frame) -> frame.type() == FrameType.CANCEL).count();
		}

		@Test
		void retryOnCrashNeverSendsAStreamTwice() {
			PoolWorld world = world(new PoolWorld(2, 8, 1, 8, true, 10));
			world.workers.streaming = true;
			RecordingSubscriber subscriber = new RecordingSubscriber();
			world.group.subscribe("go", String.class, subscriber).request(10);
			FakeWorkers.Link link = world.workers.live()
				.stream()
				.filter((l) -> !l.held.isEmpty())
				.findFirst()
				.orElseThrow();
			long id = link.held.keySet().iterator().next();
			for (int i = 0; i < 3; i++) {
				link.item(false);
			}
			link.die();
			world.runtime.advance(Duration.ofSeconds(1).toNanos());
			assertThat(subscriber.items).containsExactly("item1", "item2", "item3");
			assertThat(subscriber.failure).isInstanceOf(IpcWorkerCrashedException.class);
			assertThat(world.workers.requestsSent.get(id)).isEqualTo(1);
		}

	}

	@Nested
	class Supervision {

		@Test
		void aReplacementThatCannotBeLaunchedIsTriedAgainAndCountsTowardGivingUp() {
			PoolWorld world = world(new PoolWorld(1, 8, 1, 4, false, 3));
			world.workers.launchFails = true;
			world.link(0).die();
			for (int i = 0; i < 10; i++) {
				world.runtime.advance(Duration.ofSeconds(11).toNanos());
				assertThat(world.group.violations()).isEmpty();
			}
			assertThat(world.group.status()).isEqualTo(IpcGroup.Status.DOWN);
			assertThatThrownBy(() -> world.group.submit("x", String.class).join()).hasMessageContaining("is down");
			world.workers.launchFails = false;
			assertThat(world.group.reset()).isTrue();
			world.runtime.runReady();
			assertThat(world.group.status()).isEqualTo(IpcGroup.Status.UP);
		}

		@Test
		void aGroupThatGaveUpTriesOneWorkerAgainAfterTheCooldown() {
			PoolWorld world = world(new PoolWorld(2, 8, 1, 4, false, 1));
			world.link(0).die();
			world.runtime.runReady();
			world.link(1).die();
			world.runtime.runReady();
			world.runtime.advance(Duration.ofSeconds(1).toNanos());
			if (!world.workers.live().isEmpty()) {
				world.workers.live().forEach(FakeWorkers.Link::die);
				world.runtime.advance(Duration.ofSeconds(1).toNanos());
			}
			assertThat(world.group.status()).isEqualTo(IpcGroup.Status.DOWN);
			world.runtime.advance(Duration.ofMinutes(1).toNanos());
			assertThat(world.workers.live()).hasSize(2);
			assertThat(world.group.status()).isEqualTo(IpcGroup.Status.UP);
			assertThat(world.group.submit("x", String.class)).isNotCompletedExceptionally();
		}

		@Test
		void aWorkerThatDiesAfterReadyWhileTheGroupStartsIsReplaced() {
			PoolWorld world = new PoolWorld(2, 8, 1, 4, false, 10);
			WorkerGroupTests.this.world = world;
			world.workers.afterReady = (link) -> {
				if (link.number == 0) {
					link.die();
				}
			};
			world.group.start();
			world.workers.afterReady = (link) -> {
			};
			world.runtime.advance(Duration.ofSeconds(1).toNanos());
			assertThat(world.workers.live()).extracting((link) -> link.index).containsExactlyInAnyOrder(0, 1);
			assertThat(world.group.status()).isEqualTo(IpcGroup.Status.UP);
		}

		@Test
		void aWorkerStuckPastItsRequestsDeadlineIsReplacedByDefault() {
			assertThat(GroupSettings.Supervision.DEFAULTS.stuckTimeout()).isEqualTo(Duration.ofMinutes(1));
			PoolWorld world = world(PoolWorld.of(1));
			CompletableFuture<@Nullable Object> call = world.group.submit("x", String.class);
			FakeWorkers.Link stuck = world.link(0);
			world.runtime.advance(Duration.ofSeconds(11).toNanos());
			assertThat(failureOf(call)).isInstanceOf(IpcTimeoutException.class);
			assertThat(stuck.isServing()).isTrue();
			world.runtime.advance(Duration.ofSeconds(61).toNanos());
			assertThat(stuck.isServing()).isFalse();
			assertThat(world.workers.live()).hasSize(1).doesNotContain(stuck);
		}

		@Test
		void aWorkerErrorReachesItsCallerAndTheWorkerServesOn() {
			PoolWorld world = world(PoolWorld.of(1));
			CompletableFuture<@Nullable Object> failing = world.group.submit("x", String.class);
			world.link(0).failOldest();
			assertThat(failureOf(failing)).isInstanceOf(IpcRemoteException.class).hasMessageContaining("boom");
			CompletableFuture<@Nullable Object> next = world.group.submit("y", String.class);
			world.link(0).answerOldest();
			assertThat(next).isCompletedWithValue("y");
		}

	}

	@Nested
	class Stopping {

		@Test
		void callsRetriedAfterACrashStillEndWhenTheGroupTerminates() {
			PoolWorld world = world(new PoolWorld(1, 8, 1, 4, true, 10));
			List<CompletableFuture<@Nullable Object>> calls = List.of(world.group.submit("a", String.class),
					world.group.submit("b", String.class));
			world.link(0).die();
			world.group.terminate();
			world.runtime.runReady();
			for (CompletableFuture<@Nullable Object> call : calls) {
				assertThat(failureOf(call)).isInstanceOf(IpcException.class);
			}
			assertThat(world.group.openCalls()).isZero();
		}

		@Test
		void stopFailsQueuedCallsAtOnceAndLetsRunningOnesFinish() throws Exception {
			PoolWorld world = new PoolWorld(1, 8, 1, 4, false, 10);
			WorkerGroupTests.this.world = world;
			GroupSettings graceful = new GroupSettings("pool", "poolWorker", "fake", 1, 8, 1, 1 << 16, 1 << 20,
					Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ZERO, 4, List.of(),
					GroupSettings.Supervision.DEFAULTS, false);
			WorkerGroup group = new WorkerGroup(graceful, (settings) -> world.workers, world.workers, new TextCodec(),
					world.outcomes, new java.util.concurrent.atomic.AtomicLong()::incrementAndGet,
					io.github.ipcworker.context.ContextPropagator.NONE, world.runtime);
			group.start();
			CompletableFuture<@Nullable Object> running = group.submit("running", String.class);
			CompletableFuture<@Nullable Object> queued = group.submit("queued", String.class);
			FakeWorkers.Link link = world.link(0);
			// The worker answers only once stop() has begun: answering earlier would move
			// the queued call to the worker, and it would then be running, not queued.
			Thread worker = new Thread(() -> {
				long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
				while (group.isRunning() && System.nanoTime() < deadline) {
					java.util.concurrent.locks.LockSupport.parkNanos(1_000_000L);
				}
				link.answerOldest();
			});
			worker.start();
			long startNs = System.nanoTime();
			group.stop();
			worker.join(5000);
			assertThat(running).isCompletedWithValue("running");
			assertThat(failureOf(queued)).isInstanceOf(IpcException.class)
				.hasMessageContaining("stopped before request");
			assertThat(Duration.ofNanos(System.nanoTime() - startNs)).isLessThan(Duration.ofSeconds(5));
			assertThat(link.received).extracting(Frame::type).contains(FrameType.SHUTDOWN);
			assertThat(group.openCalls()).isZero();
		}

	}

}
