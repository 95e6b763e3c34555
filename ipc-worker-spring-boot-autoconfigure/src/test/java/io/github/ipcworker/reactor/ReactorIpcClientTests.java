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
package io.github.ipcworker.reactor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.LongStream;

import io.github.ipcworker.IpcClient;
import io.github.ipcworker.IpcException;
import io.github.ipcworker.IpcRemoteException;
import io.github.ipcworker.IpcSerializationException;
import io.github.ipcworker.metrics.IpcWorkerMetricNames;
import io.github.ipcworker.pool.WorkerGroup;
import io.github.ipcworker.reactor.ReactorApplication.Job;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.reactivestreams.Publisher;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.ParameterizedTypeReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link ReactorIpcClient} against workers of {@code ipc.worker.mode=in-process}: the
 * same pool and codec round trip as worker processes, without starting a JVM. The job
 * group has two workers of one request each and a queue of four, so the window of
 * {@link ReactorIpcClient#map} is 2 + 4 / 2 = 4.
 */
@SpringBootTest(classes = ReactorApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "ipc.worker.mode=in-process", "ipc.worker.groups.jobs.prefetch=1",
				"ipc.worker.groups.jobs.queue-size=4", "ipc.worker.groups.jobs.request-timeout=20s" })
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReactorIpcClientTests {

	private static final Duration AWAIT = Duration.ofSeconds(10);

	private static final int WINDOW = 4;

	/** How long a held job waits at the gate before it gives up. */
	private static final long HOLD_MILLIS = 15_000;

	@Autowired
	private ReactorIpcClient reactor;

	@Autowired
	private IpcClient ipc;

	@Autowired
	private MeterRegistry meters;

	@BeforeEach
	void reset() {
		ReactorApplication.reset();
	}

	@AfterEach
	void openTheGate() {
		ReactorApplication.gate.countDown();
		await().atMost(AWAIT).until(() -> jobs().inFlight() == 0 && jobs().queued() == 0);
	}

	@Test
	void theWindowMatchesTheBlockingMapsBound() {
		assertThat(ReactorIpcClient.window(jobs().settings())).isEqualTo(WINDOW);
	}

	// ---------------------------------------------------------------------------------
	// call
	// ---------------------------------------------------------------------------------

	@Test
	void callEmitsTheAnswer() {
		StepVerifier.create(this.reactor.call("jobs", new Job("square", 7, 0), Long.class))
			.expectNext(49L)
			.expectComplete()
			.verify(AWAIT);
	}

	@Test
	void callReadsAGenericAnswerWithATypeReference() {
		StepVerifier.create(this.reactor.call("jobs", new Job("square", 3, 0), new ParameterizedTypeReference<Long>() {
		})).expectNext(9L).expectComplete().verify(AWAIT);
	}

	@Test
	void callFailuresArriveAsTheExceptionsTheBlockingClientThrows() {
		StepVerifier.create(this.reactor.call("jobs", new Job("fail", 3, 0), Long.class))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(IpcRemoteException.class)
				.satisfies((remote) -> assertThat(((IpcRemoteException) remote).getRemoteMessage())
					.isEqualTo("cannot do job 3")))
			.verify(AWAIT);
		StepVerifier.create(this.reactor.call("jobs", List.of(1, 2), Long.class))
			.expectError(IpcSerializationException.class)
			.verify(AWAIT);
		StepVerifier.create(this.reactor.call("nope", new Job("square", 1, 0), Long.class))
			.expectError(IpcException.class)
			.verify(AWAIT);
	}

	// ---------------------------------------------------------------------------------
	// map
	// ---------------------------------------------------------------------------------

	@Test
	void mapEmitsTheAnswersInInputOrderThoughTheyFinishInAnother() {
		// The first inputs sleep longest, so they finish last.
		Flux<Job> inputs = Flux.range(1, 8).map((n) -> new Job("sleep", n, (9 - n) * 30L));
		StepVerifier.create(this.reactor.map("jobs", inputs, Long.class))
			.expectNext(1L, 4L, 9L, 16L, 25L, 36L, 49L, 64L)
			.expectComplete()
			.verify(AWAIT);
	}

	@Test
	void mapOfManyInputsKeepsAtMostTheWindowPulledAndNotYetEmitted() {
		AtomicLong pulled = new AtomicLong();
		AtomicLong emitted = new AtomicLong();
		AtomicLong mostOutstanding = new AtomicLong();
		Flux<Job> inputs = Flux.range(1, 200)
			.doOnNext((n) -> pulled.incrementAndGet())
			.map((n) -> new Job("square", n, 0));
		List<Long> answers = this.reactor.map("jobs", inputs, Long.class).doOnNext((answer) -> {
			mostOutstanding.accumulateAndGet(pulled.get() - emitted.incrementAndGet() + 1, Math::max);
		}).collectList().block(AWAIT);
		assertThat(answers).isEqualTo(LongStream.rangeClosed(1, 200).map((n) -> n * n).boxed().toList());
		assertThat(pulled.get()).isEqualTo(200);
		assertThat(mostOutstanding.get()).isBetween(1L, (long) WINDOW);
	}

	@Test
	void mapPullsNoMoreThanTheWindowWhileTheWorkersAreBusy() throws Exception {
		ReactorApplication.gate = new CountDownLatch(1);
		AtomicLong pulled = new AtomicLong();
		Flux<Job> inputs = Flux.range(1, 100)
			.doOnNext((n) -> pulled.incrementAndGet())
			.map((n) -> new Job("hold", n, HOLD_MILLIS));
		CompletableFuture<List<Long>> answers = this.reactor.map("jobs", inputs, Long.class).collectList().toFuture();
		await().atMost(AWAIT).until(() -> pulled.get() == WINDOW && ReactorApplication.jobsStarted.get() == 2);
		Thread.sleep(300);
		assertThat(pulled.get()).isEqualTo(WINDOW);
		assertThat(jobs().inFlight() + jobs().queued()).isEqualTo(WINDOW);
		ReactorApplication.gate.countDown();
		assertThat(answers.get(AWAIT.toSeconds(), TimeUnit.SECONDS))
			.isEqualTo(LongStream.rangeClosed(1, 100).map((n) -> n * n).boxed().toList());
	}

	@Test
	void mapPullsInputsOnlyAsTheSubscriberAsks() {
		AtomicLong pulled = new AtomicLong();
		Flux<Job> inputs = Flux.range(1, 100)
			.doOnNext((n) -> pulled.incrementAndGet())
			.map((n) -> new Job("square", n, 0));
		StepVerifier.create(this.reactor.map("jobs", inputs, Long.class), 0)
			.expectSubscription()
			.expectNoEvent(Duration.ofMillis(200))
			.then(() -> assertThat(pulled.get()).isZero())
			.then(() -> assertThat(ReactorApplication.jobsStarted.get()).isZero())
			.thenRequest(3)
			.expectNext(1L, 4L, 9L)
			.expectNoEvent(Duration.ofMillis(200))
			.then(() -> assertThat(pulled.get()).isEqualTo(3))
			.thenRequest(1)
			.expectNext(16L)
			.then(() -> assertThat(pulled.get()).isEqualTo(4))
			.thenCancel()
			.verify(AWAIT);
		assertThat(ReactorApplication.jobsStarted.get()).isEqualTo(4);
	}

	@Test
	void cancellingTheOutputCancelsTheInputsAndTheRequestsNotAnswered() {
		ReactorApplication.gate = new CountDownLatch(1);
		AtomicLong pulled = new AtomicLong();
		AtomicBoolean inputsCancelled = new AtomicBoolean();
		Flux<Job> inputs = Flux.range(1, 1_000_000)
			.doOnNext((n) -> pulled.incrementAndGet())
			.doOnCancel(() -> inputsCancelled.set(true))
			.map((n) -> new Job("hold", n, HOLD_MILLIS));
		Disposable subscription = this.reactor.map("jobs", inputs, Long.class).subscribe();
		await().atMost(AWAIT).until(() -> pulled.get() == WINDOW && jobs().queued() == 2);
		subscription.dispose();
		assertThat(inputsCancelled).isTrue();
		// The two queued requests are withdrawn; the two running ones are forgotten.
		assertThat(jobs().queued()).isZero();
		ReactorApplication.gate.countDown();
		await().atMost(AWAIT).until(() -> jobs().inFlight() == 0);
		assertThat(ReactorApplication.jobsStarted.get()).isEqualTo(2);
		assertThat(pulled.get()).isEqualTo(WINDOW);
	}

	@Test
	void aFailedRequestEndsTheOutputWithTheBlockingClientsExceptionAndCancelsTheInputs() {
		AtomicBoolean inputsCancelled = new AtomicBoolean();
		Flux<Job> inputs = Flux.range(1, 1_000)
			.map((n) -> new Job((n == 5) ? "fail" : "square", n, 0))
			.doOnCancel(() -> inputsCancelled.set(true));
		List<Long> received = new CopyOnWriteArrayList<>();
		StepVerifier.create(this.reactor.map("jobs", inputs, Long.class).doOnNext(received::add))
			.thenConsumeWhile((answer) -> true)
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(IpcRemoteException.class)
				.satisfies((remote) -> assertThat(((IpcRemoteException) remote).getRemoteMessage())
					.isEqualTo("cannot do job 5")))
			.verify(AWAIT);
		// Answers before the failure may have come out; none after it.
		assertThat(List.of(1L, 4L, 9L, 16L)).startsWith(received.toArray(Long[]::new));
		assertThat(inputsCancelled).isTrue();
	}

	@Test
	void otherFailuresArriveAsOnError() {
		StepVerifier.create(this.reactor.map("jobs", Flux.just(List.of(1, 2)), Long.class))
			.expectError(IpcSerializationException.class)
			.verify(AWAIT);
		StepVerifier.create(this.reactor.map("jobs", Flux.just(new Job("null", 1, 0)), Long.class))
			.expectError(IpcSerializationException.class)
			.verify(AWAIT);
		StepVerifier.create(this.reactor.map("nope", Flux.just(new Job("square", 1, 0)), Long.class))
			.expectError(IpcException.class)
			.verify(AWAIT);
		IllegalStateException broken = new IllegalStateException("no more inputs");
		StepVerifier
			.create(this.reactor.map("jobs", Flux.just(new Job("square", 1, 0)).concatWith(Flux.error(broken)),
					Long.class))
			// The answer to the input before the failure may come out first.
			.thenConsumeWhile((answer) -> answer == 1L)
			.expectErrorSatisfies((ex) -> assertThat(ex).isSameAs(broken))
			.verify(AWAIT);
	}

	@Test
	void mapOfNoInputsCompletes() {
		StepVerifier.create(this.reactor.map("jobs", Flux.empty(), Long.class)).expectComplete().verify(AWAIT);
	}

	@Test
	void mapReadsGenericAnswersWithATypeReference() {
		Flux<Job> inputs = Flux.range(1, 3).map((n) -> new Job("square", n, 0));
		StepVerifier.create(this.reactor.map("jobs", inputs, new ParameterizedTypeReference<Long>() {
		})).expectNext(1L, 4L, 9L).expectComplete().verify(AWAIT);
	}

	// ---------------------------------------------------------------------------------
	// broadcast
	// ---------------------------------------------------------------------------------

	@Test
	void broadcastEmitsEveryWorkersAnswerByIndex() {
		StepVerifier.create(this.reactor.broadcast("jobs", new Job("index", 0, 0), Long.class))
			.expectNext(List.of(0L, 1L))
			.expectComplete()
			.verify(AWAIT);
		StepVerifier
			.create(this.reactor.broadcast("jobs", new Job("index", 0, 0), new ParameterizedTypeReference<Long>() {
			}))
			.expectNext(List.of(0L, 1L))
			.expectComplete()
			.verify(AWAIT);
	}

	@Test
	void broadcastFailsAsTheBlockingBroadcastDoes() {
		StepVerifier.create(this.reactor.broadcast("jobs", new Job("fail", 2, 0), Long.class))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(IpcRemoteException.class)
				.satisfies((first) -> assertThat(first.getSuppressed()).hasSize(1)))
			.verify(AWAIT);
		StepVerifier.create(this.reactor.broadcast("nope", new Job("index", 0, 0), Long.class))
			.expectError(IpcException.class)
			.verify(AWAIT);
	}

	@Test
	void cancellingABroadcastForgetsItsRequests() {
		ReactorApplication.gate = new CountDownLatch(1);
		Disposable subscription = this.reactor.broadcast("jobs", new Job("hold", 1, HOLD_MILLIS), Long.class)
			.subscribe();
		long cancelledBefore = cancelledRequests();
		await().atMost(AWAIT).until(() -> ReactorApplication.jobsStarted.get() == 2);
		subscription.dispose();
		// The gate is still shut: only the cancel can have ended the two requests.
		await().atMost(AWAIT).until(() -> cancelledRequests() == cancelledBefore + 2);
	}

	private long cancelledRequests() {
		return this.meters.find(IpcWorkerMetricNames.REQUESTS)
			.tags(IpcWorkerMetricNames.GROUP_TAG, "jobs", IpcWorkerMetricNames.OUTCOME_TAG, "cancelled")
			.timers()
			.stream()
			.mapToLong((timer) -> timer.count())
			.sum();
	}

	// ---------------------------------------------------------------------------------
	// stream
	// ---------------------------------------------------------------------------------

	@Test
	void streamEmitsTheItemsAsAsked() {
		StepVerifier.create(this.reactor.stream("primes", 30L, Long.class), 3)
			.expectNext(2L, 3L, 5L)
			.thenRequest(Long.MAX_VALUE)
			.expectNext(7L, 11L, 13L, 17L, 19L, 23L, 29L)
			.expectComplete()
			.verify(AWAIT);
		StepVerifier.create(this.reactor.stream("primes", 10L, new ParameterizedTypeReference<Long>() {
		})).expectNext(2L, 3L, 5L, 7L).expectComplete().verify(AWAIT);
	}

	@Test
	void subscribersAreNeverCalledOnTheGroupsOwnThreads() {
		// A slow subscriber on a thread that reads answers would hold up every answer of
		// its worker: the pool's threads are all named ipc-worker-*.
		List<String> threads = new CopyOnWriteArrayList<>();
		Flux<Job> inputs = Flux.range(1, 20).map((n) -> new Job("sleep", n, 5));
		this.reactor.map("jobs", inputs, Long.class)
			.doOnNext((answer) -> threads.add(Thread.currentThread().getName()))
			.blockLast(AWAIT);
		this.reactor.call("jobs", new Job("sleep", 1, 20), Long.class)
			.doOnNext((answer) -> threads.add(Thread.currentThread().getName()))
			.block(AWAIT);
		this.reactor.stream("primes", 30L, Long.class)
			.doOnNext((answer) -> threads.add(Thread.currentThread().getName()))
			.blockLast(AWAIT);
		assertThat(threads).hasSize(20 + 1 + 10).noneMatch((name) -> name.startsWith("ipc-worker-"));
	}

	// ---------------------------------------------------------------------------------
	// Never blocking the subscribing thread
	// ---------------------------------------------------------------------------------

	@Test
	void noMethodBlocksASubscriberOnANonBlockingThread() throws Exception {
		ParameterizedTypeReference<Long> longType = new ParameterizedTypeReference<>() {
		};
		Job held = new Job("hold", 6, HOLD_MILLIS);
		assertThat(subscribeOnNonBlockingThread(() -> this.reactor.call("jobs", held, Long.class)))
			.containsExactly(36L);
		assertThat(subscribeOnNonBlockingThread(() -> this.reactor.call("jobs", held, longType))).containsExactly(36L);
		assertThat(subscribeOnNonBlockingThread(() -> this.reactor.map("jobs", Flux.just(held, held), Long.class)))
			.containsExactly(36L, 36L);
		assertThat(subscribeOnNonBlockingThread(() -> this.reactor.map("jobs", Flux.just(held), longType)))
			.containsExactly(36L);
		assertThat(subscribeOnNonBlockingThread(() -> this.reactor.broadcast("jobs", held, Long.class)))
			.containsExactly(List.of(36L, 36L));
		assertThat(subscribeOnNonBlockingThread(() -> this.reactor.broadcast("jobs", held, longType)))
			.containsExactly(List.of(36L, 36L));
		// The prime worker waits at the gate too before it makes its first prime.
		assertThat(subscribeOnNonBlockingThread(() -> this.reactor.stream("primes", 8L, Long.class)))
			.containsExactly(2L, 3L, 5L, 7L);
		assertThat(subscribeOnNonBlockingThread(() -> this.reactor.stream("primes", 8L, longType))).containsExactly(2L,
				3L, 5L, 7L);
	}

	/**
	 * Subscribes on a thread of {@link Schedulers#parallel()}, made for non-blocking
	 * work, while the gate holds the workers: subscribing must return while nothing can
	 * have been answered; then opens the gate and returns what arrived.
	 */
	private <T> List<T> subscribeOnNonBlockingThread(Supplier<Publisher<T>> call) throws Exception {
		CountDownLatch gate = new CountDownLatch(1);
		ReactorApplication.gate = gate;
		int startedBefore = ReactorApplication.jobsStarted.get();
		List<T> received = new CopyOnWriteArrayList<>();
		CompletableFuture<Void> done = new CompletableFuture<>();
		CountDownLatch subscribed = new CountDownLatch(1);
		AtomicBoolean nonBlockingThread = new AtomicBoolean();
		AtomicLong subscribeNanos = new AtomicLong();
		Schedulers.parallel().schedule(() -> {
			nonBlockingThread.set(Schedulers.isInNonBlockingThread());
			long start = System.nanoTime();
			Flux.from(call.get()).subscribe(received::add, done::completeExceptionally, () -> done.complete(null));
			subscribeNanos.set(System.nanoTime() - start);
			subscribed.countDown();
		});
		// A subscribe that waited for an answer would wait for the gate, which opens
		// only after this.
		assertThat(subscribed.await(5, TimeUnit.SECONDS)).as("subscribe returned while the worker is busy").isTrue();
		assertThat(nonBlockingThread).isTrue();
		assertThat(Duration.ofNanos(subscribeNanos.get())).isLessThan(Duration.ofSeconds(1));
		assertThat(done).isNotDone();
		assertThat(received).isEmpty();
		gate.countDown();
		done.get(AWAIT.toSeconds(), TimeUnit.SECONDS);
		assertThat(ReactorApplication.jobsStarted.get()).isGreaterThanOrEqualTo(startedBefore);
		return new ArrayList<>(received);
	}

	private WorkerGroup jobs() {
		return (WorkerGroup) this.ipc.group("jobs");
	}

}
