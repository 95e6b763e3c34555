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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.github.ipcworker.codec.PayloadCodec.Payload;
import io.github.ipcworker.pool.GroupObserver.Outcome;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The call table and its calls: each call ends once, with its outcome and round trip
 * recorded, its deadline task cancelled, and nothing left open after a stop.
 */
class CallTableTests {

	private final ManualRuntime runtime = new ManualRuntime();

	/** What the observer was told: outcome and round trip of each call. */
	private final List<String> recorded = new ArrayList<>();

	private final CallTable calls = new CallTable("pool", "fake", new GroupObserver() {

		@Override
		public void requestCompleted(String group, String transport, Outcome outcome, long roundTripNs) {
			CallTableTests.this.recorded.add(group + "/" + transport + " " + outcome + " " + roundTripNs);
		}

	}, this.runtime, new AtomicLong(40)::incrementAndGet);

	private Call call(long timeoutNs) {
		Call call = this.calls.newCall(new Payload(0, new byte[0]), String.class, timeoutNs);
		this.calls.accept(call);
		return call;
	}

	@Test
	void aCallSucceedsOnceWithItsRoundTripRecorded() {
		Call call = call(1_000);
		assertThat(call.id).isEqualTo(41);
		assertThat(this.calls.openCalls()).isOne();
		this.runtime.advance(250);
		assertThat(call.elapsedNs()).isEqualTo(250);
		assertThat(call.remainingNs()).isEqualTo(750);
		assertThat(this.calls.succeed(call, "done")).isTrue();
		assertThat(this.calls.succeed(call, "again")).isFalse();
		assertThat(this.calls.fail(call, new IllegalStateException(), Outcome.ERROR)).isFalse();
		assertThat(call.result).isCompletedWithValue("done");
		assertThat(this.recorded).containsExactly("pool/fake SUCCESS 250");
		assertThat(this.calls.openCalls()).isZero();
		assertThat(call.isDone()).isTrue();
	}

	@Test
	void aCallFailsOnceWithItsOutcome() {
		Call call = call(1_000);
		assertThat(call.isDone()).isFalse();
		IllegalStateException failure = new IllegalStateException("boom");
		assertThat(this.calls.fail(call, failure, Outcome.CRASHED)).isTrue();
		assertThat(this.calls.fail(call, failure, Outcome.ERROR)).isFalse();
		assertThat(this.calls.succeed(call, "late")).isFalse();
		assertThat(call.result).isCompletedExceptionally();
		assertThat(this.recorded).containsExactly("pool/fake CRASHED 0");
		assertThat(this.calls.openCalls()).isZero();
	}

	@Test
	void aRefusedCallEndsWithNoOutcomeAndEndsItsStream() {
		StreamCall stream = this.calls.newStream(new Payload(0, new byte[0]), String.class, 1_000, 4);
		this.calls.accept(stream);
		this.calls.reject(stream, new IllegalStateException("refused"));
		this.calls.reject(stream, new IllegalStateException("again"));
		assertThat(stream.result).isCompletedExceptionally();
		assertThat(stream.items).containsExactly(StreamCall.END);
		assertThat(this.recorded).isEmpty();
		assertThat(this.calls.openCalls()).isZero();
		assertThat(this.calls.fail(stream, new IllegalStateException(), Outcome.ERROR)).isFalse();
	}

	@Test
	void aTimeoutOfNothingStillLeavesACallANanosecond() {
		Call call = call(0);
		assertThat(call.timeoutNs).isOne();
		assertThat(call.deadlineNs).isEqualTo(call.startNs + 1);
		assertThat(call).hasToString("request " + call.id);
	}

	@Test
	void theDeadlineRunsUnlessTheCallEndedFirst() {
		GroupRuntime.Threads threads = this.runtime.open("pool");
		AtomicInteger deadlines = new AtomicInteger();
		Call due = call(1_000);
		Call answered = call(1_000);
		this.calls.scheduleDeadline(due, threads, deadlines::incrementAndGet);
		this.calls.scheduleDeadline(answered, threads, () -> deadlines.addAndGet(100));
		this.calls.succeed(answered, null);
		this.runtime.advance(999);
		assertThat(deadlines).hasValue(0);
		this.runtime.advance(1);
		assertThat(deadlines).hasValue(1);
		Call ended = call(1_000);
		this.calls.succeed(ended, null);
		this.calls.scheduleDeadline(ended, threads, () -> deadlines.addAndGet(100));
		this.calls.scheduleDeadline(call(1_000), null, () -> deadlines.addAndGet(100));
		this.runtime.advance(5_000);
		assertThat(deadlines).hasValue(1);
		threads.close();
	}

	@Test
	void aCallThatEndsWhileItsDeadlineIsScheduledHasItCancelled() {
		Call call = call(1_000);
		AtomicInteger cancels = new AtomicInteger();
		GroupRuntime.Threads racing = new GroupRuntime.Threads() {

			@Override
			public GroupRuntime.Cancellable schedule(Runnable task, long delayNs) {
				// The call's answer comes in between scheduling and storing the task.
				CallTableTests.this.calls.succeed(call, null);
				return cancels::incrementAndGet;
			}

			@Override
			public void send(Runnable task) {
			}

			@Override
			public void spawn(String name, Runnable task) {
			}

			@Override
			public void close() {
			}

		};
		this.calls.scheduleDeadline(call, racing, () -> {
		});
		assertThat(cancels).hasValue(1);
	}

	@Test
	void failAllEndsEveryOpenCallWithItsOwnFailure() {
		List<Call> open = List.of(call(1_000), call(1_000), call(1_000));
		this.calls.succeed(open.get(1), null);
		this.calls.failAll((call) -> new IllegalStateException("stopped before " + call));
		assertThat(this.calls.openCalls()).isZero();
		for (Call call : List.of(open.get(0), open.get(2))) {
			assertThat(call.result).failsWithin(java.time.Duration.ZERO)
				.withThrowableThat()
				.havingCause()
				.withMessage("stopped before " + call);
		}
		assertThat(this.recorded).containsExactly("pool/fake SUCCESS 0", "pool/fake CANCELLED 0",
				"pool/fake CANCELLED 0");
	}

	@Test
	void aCallEndsItsStreamHoweverItEnds() {
		StreamCall stream = this.calls.newStream(new Payload(0, new byte[0]), String.class, 1_000, 4);
		this.calls.accept(stream);
		@Nullable Object value = null;
		this.calls.succeed(stream, value);
		assertThat(stream.items).containsExactly(StreamCall.END);
	}

}
