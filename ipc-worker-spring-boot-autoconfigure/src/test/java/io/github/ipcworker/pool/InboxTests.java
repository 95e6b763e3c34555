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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import io.github.ipcworker.IpcSerializationException;
import io.github.ipcworker.IpcWorkerCrashedException;
import io.github.ipcworker.context.ContextPropagator;
import io.github.ipcworker.protocol.FrameType;
import io.github.ipcworker.transport.LinkClosedException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the group does with the frames and the end of a worker's link: execution times,
 * frames that do not parse, a broken link, a worker that breaks the stream protocol.
 */
@Timeout(30)
class InboxTests {

	private final PoolWorld world = new PoolWorld(1, 8, 1, 4, false, 10);

	/** The handler execution times the group reported. */
	private final List<Long> executions = new CopyOnWriteArrayList<>();

	private final WorkerGroup group = new WorkerGroup(this.world.settings, (settings) -> this.world.workers,
			this.world.workers, new TextCodec(), new GroupObserver() {

				@Override
				public void handlerExecuted(String group, String transport, long executionNs) {
					InboxTests.this.executions.add(executionNs);
				}

			}, new AtomicLong()::incrementAndGet, ContextPropagator.NONE, this.world.runtime);

	InboxTests() {
		this.group.start();
		this.world.runtime.runReady();
	}

	@AfterEach
	void stopTheGroup() {
		this.group.terminate();
		assertThat(this.group.openCalls()).as("calls left open").isZero();
	}

	private static Throwable failureOf(CompletableFuture<?> future) {
		assertThat(future).isCompletedExceptionally();
		return future.handle((value, ex) -> ex).join();
	}

	@Test
	void anAnswersExecutionTimeIsReportedAndAStreamEndWithoutOneIsNot() {
		FakeWorkers.Link link = this.world.link(0);
		CompletableFuture<@Nullable Object> call = this.group.submit("x", String.class);
		link.answerOldest();
		assertThat(call).isCompletedWithValue("x");
		assertThat(this.executions).containsExactly(1000L);
		this.group.stream("go", String.class, Duration.ofSeconds(10)).close();
		link.answerOldest();
		assertThat(this.executions).containsExactly(1000L);
	}

	@Test
	void anAnswerThatDoesNotParseFailsItsCallAndTheWorkerServesOn() {
		FakeWorkers.Link link = this.world.link(0);
		CompletableFuture<@Nullable Object> call = this.group.submit("x", String.class);
		long id = link.held.keySet().iterator().next();
		link.badFrame(999, new IllegalArgumentException("stray"));
		assertThat(call).isNotDone();
		link.badFrame(id, new IllegalArgumentException("garbled"));
		assertThat(failureOf(call)).isInstanceOf(IpcSerializationException.class)
			.hasMessage("The answer of worker pool#0 (pid " + link.process.pid() + ") to request " + id
					+ " could not be read: garbled");
		CompletableFuture<@Nullable Object> next = this.group.submit("y", String.class);
		link.answerOldest();
		link.answerOldest();
		assertThat(next).isCompletedWithValue("y");
	}

	@Test
	void aBrokenLinkEndsItsWorkersCallsAndTheWorkerIsReplaced() {
		FakeWorkers.Link link = this.world.link(0);
		CompletableFuture<@Nullable Object> call = this.group.submit("x", String.class);
		link.breakLink();
		this.world.runtime.advance(Duration.ofSeconds(1).toNanos());
		assertThat(failureOf(call)).isInstanceOf(IpcWorkerCrashedException.class)
			.hasMessageContaining("closed its link: java.io.IOException: connection reset");
		assertThat(this.world.workers.live()).hasSize(1).doesNotContain(link);
	}

	@Test
	void aWorkerSendingItemsBeyondItsCreditIsKilledAndCutOffAtOnce() {
		FakeWorkers.Link link = this.world.link(0);
		RecordingSubscriber subscriber = new RecordingSubscriber();
		this.group.subscribe("go", String.class, subscriber).request(1);
		link.item(false);
		link.item(true);
		// Before any other thread of the group ran: the reader itself cut the worker off.
		assertThat(link.process.isAlive()).isFalse();
		assertThatThrownBy(() -> link.trySend(io.github.ipcworker.protocol.Frame.of(FrameType.HEARTBEAT, 0, 0)))
			.isInstanceOf(LinkClosedException.class);
		this.world.runtime.advance(Duration.ofSeconds(1).toNanos());
		assertThat(subscriber.failure).hasMessageContaining("sent item 2 of the stream of request")
			.hasMessageEndingWith("beyond the 1 its caller allowed; closing its link");
		assertThat(this.world.workers.live()).hasSize(1).doesNotContain(link);
	}

}
