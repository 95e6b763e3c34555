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

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.github.ipcworker.IpcException;
import org.jspecify.annotations.Nullable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A running group over in-memory workers, the calls made to it, and what the callers may
 * expect: the state of the stateful property test. The "simple model" is the list of
 * calls with what each caller asked for; the checks compare it with what the group did.
 */
final class PoolModel {

	final PoolWorld world;

	final boolean retryOnCrash;

	private final List<Plain> plains = new ArrayList<>();

	private final List<Streamed> streams = new ArrayList<>();

	private int next;

	/** Streams refused because the queue was full: recorded, never tracked. */
	private int busyStreams;

	PoolModel(int size, int prefetch, boolean retryOnCrash) {
		this.world = new PoolWorld(size, 3, prefetch, 2, retryOnCrash, 3);
		this.retryOnCrash = retryOnCrash;
		this.world.started();
	}

	// ---------------------------------------------------------------------------------
	// Callers
	// ---------------------------------------------------------------------------------

	void submit() {
		String request = "r" + this.next++;
		this.plains.add(new Plain(request, this.world.group.submit(request, String.class)));
	}

	void subscribe(int demand) {
		RecordingSubscriber subscriber = new RecordingSubscriber();
		try {
			StreamSubscriber.Subscription subscription = this.world.group.subscribe("s" + this.next++, String.class,
					subscriber);
			Streamed streamed = new Streamed(subscriber, subscription);
			this.streams.add(streamed);
			streamed.demand(demand);
		}
		catch (io.github.ipcworker.IpcBusyException ex) {
			// Refused at once, and recorded as busy.
			this.busyStreams++;
		}
		catch (IpcException ex) {
			// Refused at once (stopped, down), unrecorded: nothing to track.
		}
	}

	void demand(int stream, int items) {
		if (!this.streams.isEmpty()) {
			this.streams.get(stream % this.streams.size()).demand(items);
		}
	}

	void cancel(int call) {
		int total = this.plains.size() + this.streams.size();
		if (total == 0) {
			return;
		}
		int pick = call % total;
		if (pick < this.plains.size()) {
			this.plains.get(pick).future.cancel(false);
		}
		else {
			this.streams.get(pick - this.plains.size()).subscription.cancel();
		}
	}

	// ---------------------------------------------------------------------------------
	// Workers, time and threads
	// ---------------------------------------------------------------------------------

	private @Nullable FakeWorkers.Link worker(int index) {
		List<FakeWorkers.Link> live = this.world.workers.live();
		return live.isEmpty() ? null : live.get(index % live.size());
	}

	void answer(int index) {
		FakeWorkers.Link link = worker(index);
		if (link != null) {
			link.answerOldest();
		}
	}

	void fail(int index) {
		FakeWorkers.Link link = worker(index);
		if (link != null) {
			link.failOldest();
		}
	}

	void item(int index) {
		FakeWorkers.Link link = worker(index);
		if (link != null) {
			link.item(false);
		}
	}

	void die(int index) {
		FakeWorkers.Link link = worker(index);
		if (link != null) {
			link.die();
		}
	}

	void breakLink(int index) {
		FakeWorkers.Link link = worker(index);
		if (link != null) {
			link.breakLink();
		}
	}

	void step() {
		this.world.runtime.runOne();
	}

	void settle() {
		this.world.runtime.runReady();
	}

	void advance(long ns) {
		this.world.runtime.advance(ns);
	}

	void launchesFail(boolean fail) {
		this.world.workers.launchFails = fail;
	}

	void linksFull(boolean full) {
		this.world.workers.full = full;
	}

	void reset() {
		if (this.world.group.isRunning()) {
			this.world.group.reset();
		}
	}

	void stop() {
		this.world.group.stop();
	}

	// ---------------------------------------------------------------------------------
	// Checks
	// ---------------------------------------------------------------------------------

	/** What must hold after every step. */
	void checkInvariants() {
		assertThat(this.world.group.violations()).as("the rooms' own invariants").isEmpty();
		long pending = this.plains.stream().filter((plain) -> !plain.future.isDone()).count()
				+ this.streams.stream().filter((stream) -> stream.subscriber.ends == 0).count();
		assertThat(this.world.group.openCalls()).as("open calls in the table").isLessThanOrEqualTo((int) pending);
		for (Streamed stream : this.streams) {
			assertThat(stream.subscriber.items.size()).as("items beyond what the subscriber asked for")
				.isLessThanOrEqualTo(stream.demanded);
			assertThat(stream.subscriber.ends).as("ends of one stream").isLessThanOrEqualTo(1);
		}
		for (Map.Entry<Long, Integer> sent : this.world.workers.requestsSent.entrySet()) {
			boolean stream = this.world.workers.streamRequests.contains(sent.getKey());
			int allowed = (this.retryOnCrash && !stream) ? 2 : 1;
			assertThat(sent.getValue()).as("times request " + sent.getKey() + " was sent").isLessThanOrEqualTo(allowed);
		}
		for (FakeWorkers.Link link : this.world.workers.links) {
			for (FakeWorkers.Held held : link.held.values()) {
				assertThat(held.sent).as("items of a stream beyond its credit").isLessThanOrEqualTo(held.credit);
			}
		}
	}

	/**
	 * Stops the group and checks that every call ended exactly once: each future is done,
	 * each stream got one end, the table is empty and the outcomes recorded match the
	 * calls that ended.
	 */
	void finish() {
		this.world.group.terminate();
		this.world.runtime.runReady();
		for (Plain plain : this.plains) {
			assertThat(plain.future).as(plain.request + " ended").isDone();
		}
		for (Streamed stream : this.streams) {
			assertThat(stream.subscriber.ends).as("ends of one stream").isEqualTo(1);
		}
		assertThat(this.world.group.openCalls()).as("calls left open").isZero();
		assertThat(this.world.group.violations()).isEmpty();
		assertThat(this.world.runtime.allClosed()).as("threads left open").isTrue();
		assertThat(this.world.workers.isClosed()).as("transport left open").isTrue();
		int recorded = this.world.outcomes.total();
		int ended = this.plains.size() + this.streams.size() + this.busyStreams;
		// Calls refused before they were accepted (the group not running or down) end
		// unrecorded; every other call is recorded exactly once.
		assertThat(recorded).as("outcomes recorded")
			.isLessThanOrEqualTo(ended)
			.isGreaterThanOrEqualTo(ended - this.refusedUnrecorded());
	}

	private int refusedUnrecorded() {
		return (int) this.plains.stream().filter((plain) -> plain.refusedAtOnce).count();
	}

	@Override
	public String toString() {
		return "PoolModel[" + this.plains.size() + " calls, " + this.streams.size() + " streams]";
	}

	private static final class Plain {

		final String request;

		final CompletableFuture<@Nullable Object> future;

		final boolean refusedAtOnce;

		Plain(String request, CompletableFuture<@Nullable Object> future) {
			this.request = request;
			this.future = future;
			this.refusedAtOnce = future.isCompletedExceptionally();
		}

	}

	private static final class Streamed {

		final RecordingSubscriber subscriber;

		final StreamSubscriber.Subscription subscription;

		int demanded;

		Streamed(RecordingSubscriber subscriber, StreamSubscriber.Subscription subscription) {
			this.subscriber = subscriber;
			this.subscription = subscription;
		}

		void demand(int items) {
			this.demanded += items;
			this.subscription.request(items);
		}

	}

}
