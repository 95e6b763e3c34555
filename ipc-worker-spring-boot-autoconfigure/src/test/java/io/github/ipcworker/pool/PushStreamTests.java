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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;

import io.github.ipcworker.IpcSerializationException;
import io.github.ipcworker.protocol.Frame;
import io.github.ipcworker.protocol.FrameType;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Streams delivered to a subscriber, through a whole group: demand, cancellation, credit
 * as items are delivered, and how failures of the items or of the subscriber end it.
 */
@Timeout(30)
class PushStreamTests {

	private final PoolWorld world = PoolWorld.of(1).started();

	private final FakeWorkers.Link link = this.world.link(0);

	@AfterEach
	void stopTheGroup() {
		this.world.group.terminate();
		assertThat(this.world.group.openCalls()).as("calls left open").isZero();
		assertThat(this.world.group.violations()).isEmpty();
	}

	private long cancels() {
		return this.link.received.stream().filter((frame) -> frame.type() == FrameType.CANCEL).count();
	}

	private long heldId() {
		return this.link.held.keySet().iterator().next();
	}

	@Test
	void aSubscriberGetsMoreThanAWindowAsItsItemsAreDelivered() {
		RecordingSubscriber subscriber = new RecordingSubscriber();
		this.world.group.subscribe("go", String.class, subscriber).request(10);
		while (this.link.item(false)) {
			this.world.runtime.runReady();
		}
		this.link.answerOldest();
		this.world.runtime.runReady();
		assertThat(subscriber.items).hasSize(10).startsWith("item1").endsWith("item10");
		assertThat(subscriber.completed).isTrue();
		assertThat(subscriber.ends).isOne();
	}

	@Test
	void askingForNoItemsEndsTheStream() {
		RecordingSubscriber subscriber = new RecordingSubscriber();
		StreamSubscriber.Subscription subscription = this.world.group.subscribe("go", String.class, subscriber);
		subscription.request(0);
		this.world.runtime.runReady();
		assertThat(subscriber.failure).isInstanceOf(IllegalArgumentException.class)
			.hasMessage("request of 0 items; ask for 1 or more");
		assertThat(cancels()).isPositive();
		assertThat(this.world.outcomes.of(GroupObserver.Outcome.ERROR)).isOne();
	}

	@Test
	void cancellingStopsTheWorkAndEndsTheSubscriber() {
		RecordingSubscriber subscriber = new RecordingSubscriber();
		StreamSubscriber.Subscription subscription = this.world.group.subscribe("go", String.class, subscriber);
		subscription.request(1);
		subscription.cancel();
		this.world.runtime.runReady();
		assertThat(cancels()).isOne();
		assertThat(subscriber.failure).isInstanceOf(CancellationException.class);
		assertThat(subscription).hasToString("PushStream[request " + heldId() + "]");
	}

	@Test
	void anUnreadableItemEndsTheStreamWithTheReadingError() {
		RecordingSubscriber subscriber = new RecordingSubscriber();
		this.world.group.subscribe("go", String.class, subscriber).request(2);
		this.link.deliver(
				new Frame(FrameType.STREAM_ITEM, 0, 0, heldId(), 1, 0, "unreadable".getBytes(StandardCharsets.UTF_8)));
		this.world.runtime.runReady();
		assertThat(subscriber.items).isEmpty();
		assertThat(subscriber.failure).isInstanceOf(IpcSerializationException.class);
		assertThat(cancels()).isOne();
	}

	@Test
	void aSubscriberThatThrowsLosesItsStreamWithWhatItThrew() {
		List<@Nullable Object> items = new ArrayList<>();
		List<Throwable> failures = new ArrayList<>();
		IllegalStateException thrown = new IllegalStateException("subscriber broke");
		this.world.group.subscribe("go", String.class, new StreamSubscriber() {

			@Override
			public void onItem(@Nullable Object item) {
				items.add(item);
				// Wrapped as a future's stage would wrap it; the subscriber gets the
				// cause.
				throw new CompletionException(thrown);
			}

			@Override
			public void onComplete() {
			}

			@Override
			public void onError(Throwable failure) {
				failures.add(failure);
			}

		}).request(3);
		this.link.item(false);
		this.world.runtime.runReady();
		this.link.item(false);
		this.world.runtime.runReady();
		assertThat(items).containsExactly("item1");
		assertThat(failures).containsExactly(thrown);
		assertThat(cancels()).isOne();
	}

}
