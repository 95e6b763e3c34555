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

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Stream;

import io.github.ipcworker.IpcException;
import io.github.ipcworker.IpcRemoteException;
import io.github.ipcworker.IpcSerializationException;
import io.github.ipcworker.IpcTimeoutException;
import io.github.ipcworker.protocol.Frame;
import io.github.ipcworker.protocol.FrameType;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Streams read on the caller's thread, through a whole group: items past the window, the
 * end, failures, the item timeout, an interrupt and an early close. Items are put in
 * place before each read, so no read waits but the one that tests the timeout.
 */
@Timeout(30)
class StreamCursorTests {

	private final PoolWorld world = PoolWorld.of(1).started();

	private final FakeWorkers.Link link = this.world.link(0);

	@AfterEach
	void stopTheGroup() {
		this.world.group.terminate();
		assertThat(this.world.group.openCalls()).as("calls left open").isZero();
	}

	private Stream<@Nullable Object> stream(Duration timeout) {
		return this.world.group.stream("go", String.class, timeout);
	}

	private long cancels() {
		return this.link.received.stream().filter((frame) -> frame.type() == FrameType.CANCEL).count();
	}

	@Test
	void aReaderGetsMoreThanAWindowAndThenTheEnd() {
		Iterator<@Nullable Object> items = stream(Duration.ofSeconds(10)).iterator();
		List<@Nullable Object> read = new ArrayList<>();
		for (int i = 0; i < 7; i++) {
			assertThat(this.link.item(false)).as("credit for item %d", i + 1).isTrue();
			read.add(items.next());
		}
		this.link.answerOldest();
		assertThat(items.hasNext()).isFalse();
		assertThat(items.hasNext()).isFalse();
		assertThatThrownBy(items::next).isInstanceOf(NoSuchElementException.class);
		assertThat(read).containsExactly("item1", "item2", "item3", "item4", "item5", "item6", "item7");
	}

	@Test
	void aStreamThatFailsInItsWorkerThrowsTheFailure() {
		Iterator<@Nullable Object> items = stream(Duration.ofSeconds(10)).iterator();
		this.link.item(false);
		this.link.failOldest();
		assertThat(items.next()).isEqualTo("item1");
		assertThatThrownBy(items::hasNext).isInstanceOf(IpcRemoteException.class).hasMessageContaining("boom");
		assertThat(items.hasNext()).isFalse();
	}

	@Test
	void noItemWithinTheTimeoutStopsTheWorkerAndThrows() {
		Iterator<@Nullable Object> items = stream(Duration.ofMillis(50)).iterator();
		assertThatThrownBy(items::hasNext).isInstanceOf(IpcTimeoutException.class);
		assertThat(cancels()).isOne();
		assertThat(this.world.group.openCalls()).isZero();
		assertThat(items.hasNext()).isFalse();
	}

	@Test
	void anInterruptedReaderStopsTheStreamAndKeepsItsInterrupt() {
		Iterator<@Nullable Object> items = stream(Duration.ofSeconds(10)).iterator();
		long id = this.link.held.keySet().iterator().next();
		Thread.currentThread().interrupt();
		try {
			assertThatThrownBy(items::hasNext).isInstanceOf(IpcException.class)
				.hasMessage("Interrupted while reading the stream of request " + id);
			assertThat(Thread.currentThread().isInterrupted()).isTrue();
		}
		finally {
			Thread.interrupted();
		}
		assertThat(cancels()).isOne();
		assertThat(this.world.group.openCalls()).isZero();
	}

	@Test
	void anUnreadableItemStopsTheStreamAndThrows() {
		Iterator<@Nullable Object> items = stream(Duration.ofSeconds(10)).iterator();
		long id = this.link.held.keySet().iterator().next();
		this.link
			.deliver(new Frame(FrameType.STREAM_ITEM, 0, 0, id, 1, 0, "unreadable".getBytes(StandardCharsets.UTF_8)));
		assertThatThrownBy(items::hasNext).isInstanceOf(IpcSerializationException.class);
		assertThat(cancels()).isOne();
		assertThat(this.world.group.openCalls()).isZero();
		assertThat(items.hasNext()).isFalse();
	}

	@Test
	void closingTheStreamEarlyStopsTheWorker() {
		Stream<@Nullable Object> stream = stream(Duration.ofSeconds(10));
		Iterator<@Nullable Object> items = stream.iterator();
		this.link.item(false);
		assertThat(items.next()).isEqualTo("item1");
		stream.close();
		assertThat(cancels()).isOne();
		assertThat(this.world.group.openCalls()).isZero();
		assertThat(this.world.outcomes.of(GroupObserver.Outcome.CANCELLED)).isOne();
	}

}
