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
package io.github.ipcworker.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import io.github.ipcworker.IpcClient;
import io.github.ipcworker.IpcException;
import io.github.ipcworker.IpcMessageTooLargeException;
import io.github.ipcworker.IpcRemoteException;
import io.github.ipcworker.IpcSerializationException;
import io.github.ipcworker.IpcTimeoutException;
import io.github.ipcworker.IpcUnknownRequestException;
import io.github.ipcworker.IpcWorkerInfo;
import io.github.ipcworker.e2e.EndToEndApplication.CalcRequest;
import io.github.ipcworker.e2e.EndToEndApplication.CalcResult;
import io.github.ipcworker.e2e.EndToEndApplication.CountRequest;
import io.github.ipcworker.e2e.EndToEndApplication.Item;
import io.github.ipcworker.pool.WorkerGroup;
import io.github.ipcworker.reactor.ReactorIpcClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.test.StepVerifier;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The behaviour every transport must show, with real worker JVMs. One application is
 * started for all tests of a class; subclasses choose the transport.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
abstract class AbstractEndToEndTests {

	/** The counter group's stream window, small so that its bound shows. */
	static final int STREAM_WINDOW = 8;

	private ConfigurableApplicationContext context;

	IpcClient ipc;

	/**
	 * Returns the transport under test.
	 * @return the transport the groups report
	 */
	abstract String transport();

	/**
	 * Returns the arguments that select the mode and transport under test.
	 * @return command-line arguments added to the shared ones
	 */
	List<String> modeArguments() {
		return List.of("--ipc.worker.transport=" + transport());
	}

	/**
	 * Tells whether the workers run on threads of this JVM rather than in processes of
	 * their own.
	 * @return whether the mode is in-process
	 */
	boolean inProcess() {
		return false;
	}

	/**
	 * Returns the CPU time the workers of some groups have used so far.
	 * @param groups the groups
	 * @return the total CPU time in nanoseconds
	 */
	abstract long workersCpuNanos(List<String> groups);

	@BeforeAll
	void startApplication() {
		this.context = new SpringApplicationBuilder(EndToEndApplication.class).web(WebApplicationType.NONE)
			.properties("e2e.greeting=hello from the parent's code")
			.profiles("e2e")
			.run(arguments());
		this.ipc = this.context.getBean(IpcClient.class);
	}

	private String[] arguments() {
		List<String> arguments = new ArrayList<>(modeArguments());
		// jvm-args and shm-size do not apply in-process, where they are ignored. The
		// counter group speaks Smile, so its streaming tests cross processes in the
		// non-default format the parent hands its workers.
		arguments.addAll(List.of("--ipc.worker.groups.calc.workers=2", "--ipc.worker.groups.calc.request-timeout=3s",
				"--ipc.worker.groups.calc.jvm-args=-Xmx256m", "--ipc.worker.groups.echo.workers=1",
				"--ipc.worker.groups.counter.workers=1", "--ipc.worker.groups.counter.stream-window=" + STREAM_WINDOW,
				"--ipc.worker.groups.counter.request-timeout=2s", "--ipc.worker.groups.counter.codec=smile",
				"--ipc.worker.shm-size=1MB", "--ipc.worker.max-message-size=48MB",
				"--e2e.argument=from the command line"));
		return arguments.toArray(String[]::new);
	}

	@AfterAll
	void stopApplication() throws InterruptedException {
		Leftovers.closeAndCheck(this.context);
	}

	@Test
	void callReturnsTheHandlersResult() {
		CalcResult result = this.ipc.call("calc", CalcRequest.add(40, 2), CalcResult.class);
		assertThat(result.value()).isEqualTo(42);
		assertThat(workerIndexes("calc")).contains(result.worker());
		assertRanInAWorker(result);
	}

	@Test
	void callWithGenericTypeReturnsTheHandlersResult() {
		CalcResult result = this.ipc.call("calc", CalcRequest.add(1, 2), new ParameterizedTypeReference<CalcResult>() {
		}, Duration.ofSeconds(10));
		assertThat(result.value()).isEqualTo(3);
	}

	@Test
	void thousandConcurrentSubmitsFromThirtyTwoThreadsAllGetTheirOwnAnswer() throws Exception {
		// Warm both workers first: this test may run right after start, and cold workers
		// on a loaded machine can miss the 3 s group timeout, which it does not measure.
		for (int i = 0; i < 200; i++) {
			this.ipc.broadcast("calc", CalcRequest.add(i, 0), CalcResult.class);
		}
		int threads = 32;
		int perThread = 1000 / threads + 1;
		ExecutorService callers = Executors.newFixedThreadPool(threads);
		ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
		Set<Integer> workers = java.util.concurrent.ConcurrentHashMap.newKeySet();
		CountDownLatch go = new CountDownLatch(1);
		List<CompletableFuture<Void>> all = new ArrayList<>();
		try {
			for (int t = 0; t < threads; t++) {
				int thread = t;
				all.add(CompletableFuture.runAsync(() -> {
					try {
						go.await();
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
						return;
					}
					List<CompletableFuture<CalcResult>> mine = new ArrayList<>();
					for (int i = 0; i < perThread; i++) {
						mine.add(this.ipc.submit("calc", CalcRequest.add(thread, i), CalcResult.class));
					}
					for (int i = 0; i < perThread; i++) {
						CalcResult result = mine.get(i).join();
						workers.add(result.worker());
						if (result.value() != thread + i) {
							wrong.add(thread + "+" + i + "=" + result.value());
						}
					}
				}, callers));
			}
			go.countDown();
			CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
		}
		finally {
			callers.shutdownNow();
		}
		assertThat(wrong).isEmpty();
		assertThat(threads * perThread).isGreaterThanOrEqualTo(1000);
		assertThat(workers).as("both workers served").hasSize(2);
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, 1024, 4 * 1024 * 1024, 32 * 1024 * 1024 })
	void payloadsOfAnySizeUpToTheMaximumRoundTripIntact(int size) {
		byte[] payload = new byte[size];
		new Random(size).nextBytes(payload);
		byte[] echoed = this.ipc.call("echo", payload, byte[].class, Duration.ofSeconds(30));
		assertThat(echoed).hasSize(size);
		assertThat(Arrays.equals(echoed, payload)).isTrue();
	}

	@Test
	void handlerExceptionArrivesAsRemoteExceptionAndTheNextCallSucceeds() {
		assertThatExceptionOfType(IpcRemoteException.class)
			.isThrownBy(() -> this.ipc.call("calc", new CalcRequest("fail", 7, 0, ""), CalcResult.class))
			.satisfies((ex) -> {
				assertThat(ex.getRemoteClassName()).isEqualTo(IllegalStateException.class.getName());
				assertThat(ex.getRemoteMessage()).isEqualTo("cannot compute 7");
				assertThat(ex.getGroup()).isEqualTo("calc");
				assertThat(ex.getRemoteStackTrace())
					.anySatisfy((frame) -> assertThat(frame.getClassName()).endsWith("CalcWorker"));
				assertThat(ex.getCause()).hasToString("java.lang.IllegalStateException: cannot compute 7");
			});
		assertThat(this.ipc.call("calc", CalcRequest.add(1, 1), CalcResult.class).value()).isEqualTo(2);
	}

	@Test
	void slowHandlerTimesOutAndTheGroupKeepsServing() {
		long start = System.nanoTime();
		assertThatExceptionOfType(IpcTimeoutException.class)
			.isThrownBy(() -> this.ipc.call("calc", new CalcRequest("sleep", 1, 1500, ""), CalcResult.class,
					Duration.ofMillis(200)))
			.satisfies((ex) -> assertThat(ex.getTimeout()).isEqualTo(Duration.ofMillis(200)));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1400));
		assertThat(this.ipc.call("calc", CalcRequest.add(2, 2), CalcResult.class, Duration.ofSeconds(10)).value())
			.isEqualTo(4);
	}

	@Test
	void submittedRequestTimesOutThroughItsFutureAfterTheGroupsRequestTimeout() {
		long start = System.nanoTime();
		CompletableFuture<CalcResult> slow = this.ipc.submit("calc", new CalcRequest("sleep", 1, 3500, ""),
				CalcResult.class);
		assertThat(slow).isNotDone();
		assertThat(slow).failsWithin(Duration.ofSeconds(10))
			.withThrowableOfType(java.util.concurrent.ExecutionException.class)
			.withCauseInstanceOf(IpcTimeoutException.class);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(2900),
				Duration.ofMillis(3400));
	}

	@Test
	void cancellingASubmittedRequestForgetsIt() {
		CompletableFuture<CalcResult> slow = this.ipc.submit("calc", new CalcRequest("sleep", 1, 300, ""),
				CalcResult.class);
		assertThat(slow.cancel(true)).isTrue();
		assertThat(slow).isCancelled();
		assertThat(this.ipc.call("calc", CalcRequest.add(5, 5), CalcResult.class).value()).isEqualTo(10);
	}

	@Test
	void responseThatDoesNotReadAsTheRequestedTypeIsASerializationError() {
		assertThatExceptionOfType(IpcSerializationException.class)
			.isThrownBy(() -> this.ipc.call("calc", CalcRequest.add(1, 1), Integer.class))
			.withMessageContaining("could not be read as java.lang.Integer");
		assertThat(this.ipc.call("calc", CalcRequest.add(1, 1), CalcResult.class).value()).isEqualTo(2);
	}

	@Test
	void requestThatTheWorkerCannotReadIsASerializationError() {
		assertThatExceptionOfType(IpcSerializationException.class)
			.isThrownBy(() -> this.ipc.call("calc", List.of(1, 2, 3), CalcResult.class))
			.withMessageContaining("could not read request");
	}

	@Test
	void nullRequestAndUnknownGroupAreClearErrors() {
		assertThatExceptionOfType(IpcSerializationException.class)
			.isThrownBy(() -> this.ipc.call("calc", null, CalcResult.class))
			.withMessageContaining("is null");
		assertThatExceptionOfType(IpcException.class)
			.isThrownBy(() -> this.ipc.call("nope", CalcRequest.add(1, 1), CalcResult.class))
			.withMessageContaining("No ipc-worker group named 'nope'")
			.withMessageContaining("calc");
	}

	@Test
	void requestLargerThanTheMaximumIsRefusedBeforeSending() {
		byte[] tooLarge = new byte[48 * 1024 * 1024];
		assertThatExceptionOfType(IpcMessageTooLargeException.class)
			.isThrownBy(() -> this.ipc.call("echo", tooLarge, byte[].class))
			.satisfies((ex) -> assertThat(ex.getSize()).isEqualTo(tooLarge.length));
		assertThat(this.ipc.call("echo", new byte[] { 4 }, byte[].class)).containsExactly(4);
	}

	@Test
	void responseLargerThanTheMaximumIsAnErrorAndTheWorkerKeepsServing() {
		assertThatExceptionOfType(IpcMessageTooLargeException.class)
			.isThrownBy(() -> this.ipc.call("calc", new CalcRequest("big", 0, 51_000_000, ""), CalcResult.class,
					Duration.ofSeconds(20)))
			.withMessageContaining("response to request")
			.satisfies((ex) -> assertThat(ex.getSize()).isGreaterThan(51_000_000));
		assertThat(this.ipc.call("calc", CalcRequest.add(3, 4), CalcResult.class).value()).isEqualTo(7);
	}

	@Test
	void requestTheCodecCannotWriteIsASerializationError() {
		assertThatExceptionOfType(IpcSerializationException.class)
			.isThrownBy(() -> this.ipc.call("calc", new Unwritable(), CalcResult.class))
			.withMessageContaining(Unwritable.class.getName())
			.withMessageContaining("could not be written");
		assertThat(this.ipc.call("calc", CalcRequest.add(1, 1), CalcResult.class).value()).isEqualTo(2);
	}

	@Test
	void nullResponseIsAnErrorUnlessTheCallerAsksForOptional() {
		CalcRequest nothing = new CalcRequest("null", 0, 0, "");
		assertThatExceptionOfType(IpcSerializationException.class)
			.isThrownBy(() -> this.ipc.call("calc", nothing, CalcResult.class))
			.withMessageContaining("with null");
		assertThat(this.ipc.call("calc", nothing, new ParameterizedTypeReference<java.util.Optional<CalcResult>>() {
		})).isEmpty();
		assertThat(this.ipc.call("calc", nothing, Void.class)).isNull();
	}

	@Test
	void tenThousandStreamedItemsArriveCompleteAndInOrder() {
		try (Stream<Item> items = this.ipc.stream("counter", CountRequest.of(10_000), Item.class)) {
			List<Item> all = items.toList();
			assertThat(all).hasSize(10_000);
			for (int i = 0; i < all.size(); i++) {
				assertThat(all.get(i).index()).isEqualTo(i);
			}
		}
	}

	@Test
	void slowReaderKeepsTheWorkerAtMostOneWindowAhead(@TempDir Path dir) throws Exception {
		Path progress = dir.resolve("progress");
		long maxAhead = 0;
		try (Stream<Item> items = this.ipc.stream("counter", new CountRequest(120, -1, -1, 0, progress.toString(), ""),
				Item.class)) {
			java.util.Iterator<Item> iterator = items.iterator();
			for (long read = 1; iterator.hasNext(); read++) {
				iterator.next();
				Thread.sleep(5);
				long produced = Long.parseLong(java.nio.file.Files.readString(progress).trim());
				maxAhead = Math.max(maxAhead, produced - read);
			}
		}
		// The worker takes an item from its stream only with credit for it: at most the
		// window ahead, and it gets there.
		assertThat(maxAhead).isBetween((long) STREAM_WINDOW / 2, (long) STREAM_WINDOW);
	}

	@Test
	void closingAStreamEarlyStopsTheWorkersGeneratorAndTheWorkerServesTheNextRequest(@TempDir Path dir) {
		Path closed = dir.resolve("closed");
		try (Stream<Item> items = this.ipc.stream("counter",
				new CountRequest(1_000_000, -1, -1, 0, "", closed.toString()), Item.class)) {
			assertThat(items.limit(10).map(Item::index).toList()).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L,
					9L);
		}
		org.awaitility.Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> java.nio.file.Files.exists(closed));
		try (Stream<Item> next = this.ipc.stream("counter", CountRequest.of(3), Item.class)) {
			assertThat(next.map(Item::index).toList()).containsExactly(0L, 1L, 2L);
		}
	}

	@Test
	void errorAfterFiveItemsGivesTheFiveItemsThenTheRemoteException() {
		List<Long> received = new ArrayList<>();
		try (Stream<Item> items = this.ipc.stream("counter", new CountRequest(10, 5, -1, 0, "", ""), Item.class)) {
			assertThatExceptionOfType(IpcRemoteException.class)
				.isThrownBy(() -> items.forEach((item) -> received.add(item.index())))
				.satisfies((ex) -> assertThat(ex.getRemoteMessage()).isEqualTo("failed at item 5"));
		}
		assertThat(received).containsExactly(0L, 1L, 2L, 3L, 4L);
	}

	@Test
	void timeoutAppliesBetweenItems() {
		List<Long> received = new ArrayList<>();
		try (Stream<Item> items = this.ipc.stream("counter", new CountRequest(10, -1, 3, 4_000, "", ""), Item.class)) {
			assertThatExceptionOfType(IpcTimeoutException.class)
				.isThrownBy(() -> items.forEach((item) -> received.add(item.index())));
		}
		assertThat(received).containsExactly(0L, 1L, 2L);
	}

	@Test
	void fluxProducesNothingBeforeDemandAndFollowsIt(@TempDir Path dir) {
		ReactorIpcClient reactor = this.context.getBean(ReactorIpcClient.class);
		Path progress = dir.resolve("progress");
		StepVerifier
			.create(reactor.stream("counter", new CountRequest(100, -1, -1, 0, progress.toString(), ""), Item.class), 0)
			.expectSubscription()
			.expectNoEvent(Duration.ofMillis(500))
			.then(() -> assertThat(progress).as("items made before any demand").doesNotExist())
			.thenRequest(3)
			.expectNextMatches((item) -> item.index() == 0)
			.expectNextMatches((item) -> item.index() == 1)
			.expectNextMatches((item) -> item.index() == 2)
			.expectNoEvent(Duration.ofMillis(300))
			// Three asked for, three made.
			.then(() -> assertThat(produced(progress)).isEqualTo(3))
			.thenRequest(Long.MAX_VALUE)
			.expectNextCount(97)
			.expectComplete()
			.verify(Duration.ofSeconds(30));
	}

	@Test
	void cancellingAFluxStopsTheWorkersGenerator(@TempDir Path dir) {
		ReactorIpcClient reactor = this.context.getBean(ReactorIpcClient.class);
		Path closed = dir.resolve("closed");
		StepVerifier
			.create(reactor.stream("counter", new CountRequest(1_000_000, -1, -1, 0, "", closed.toString()), Item.class)
				.take(10))
			.expectNextCount(10)
			.expectComplete()
			.verify(Duration.ofSeconds(30));
		org.awaitility.Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> java.nio.file.Files.exists(closed));
	}

	@Test
	void fluxErrorAfterFiveItemsComesAfterThem() {
		ReactorIpcClient reactor = this.context.getBean(ReactorIpcClient.class);
		StepVerifier.create(reactor.stream("counter", new CountRequest(10, 5, -1, 0, "", ""), Item.class))
			.expectNextCount(5)
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(IpcRemoteException.class)
				.hasMessageContaining("failed at item 5"))
			.verify(Duration.ofSeconds(30));
	}

	@Test
	void monoCallEmitsTheResponse() {
		ReactorIpcClient reactor = this.context.getBean(ReactorIpcClient.class);
		StepVerifier.create(reactor.call("calc", CalcRequest.add(20, 3), CalcResult.class))
			.assertNext((result) -> assertThat(result.value()).isEqualTo(23))
			.expectComplete()
			.verify(Duration.ofSeconds(30));
	}

	@Test
	void unaryCallToAStreamingGroupIsAClearError() {
		assertThatExceptionOfType(IpcException.class)
			.isThrownBy(() -> this.ipc.call("counter", CountRequest.of(1), Item.class))
			.withMessageContaining("read them with IpcClient.stream");
	}

	@Test
	void streamFromAOneResponseWorkerHasOneItem() {
		try (Stream<CalcResult> results = this.ipc.stream("calc", CalcRequest.add(2, 5), CalcResult.class)) {
			assertThat(results.map(CalcResult::value).toList()).containsExactly(7L);
		}
	}

	@Test
	void putThenGetInAnyOrder() {
		long first = this.ipc.put("calc", CalcRequest.add(1, 0));
		long second = this.ipc.put("calc", CalcRequest.add(2, 0));
		long third = this.ipc.put("calc", CalcRequest.add(3, 0));
		assertThat(this.ipc.get(third, CalcResult.class).value()).isEqualTo(3);
		assertThat(this.ipc.get(first, CalcResult.class).value()).isEqualTo(1);
		assertThat(this.ipc.get(second, CalcResult.class, Duration.ofSeconds(5)).value()).isEqualTo(2);
		assertThatExceptionOfType(IpcUnknownRequestException.class)
			.isThrownBy(() -> this.ipc.get(first, CalcResult.class))
			.withMessageContaining("already collected");
	}

	@Test
	void getOfAnUnknownIdIsAClearError() {
		assertThatExceptionOfType(IpcUnknownRequestException.class)
			.isThrownBy(() -> this.ipc.get(987_654_321L, CalcResult.class))
			.satisfies((ex) -> assertThat(ex.getRequestId()).isEqualTo(987_654_321L));
	}

	@Test
	void broadcastReachesEveryWorkerExactlyOnce() {
		List<CalcResult> answers = this.ipc.broadcast("calc", CalcRequest.add(10, 1), CalcResult.class);
		assertThat(answers).hasSize(2).allSatisfy((answer) -> assertThat(answer.value()).isEqualTo(11));
		assertThat(answers).extracting(CalcResult::worker).doesNotHaveDuplicates();
		assertThat(new HashSet<>(answers.stream().map(CalcResult::worker).toList())).isEqualTo(workerIndexes("calc"));
		answers.forEach(this::assertRanInAWorker);
		if (!inProcess()) {
			assertThat(answers).extracting(CalcResult::pid).doesNotHaveDuplicates();
		}
	}

	@Test
	void mapKeepsTheOrderOfAThousandInputsAndSpreadsThemOverAllWorkers() {
		List<CalcRequest> inputs = new ArrayList<>();
		for (int i = 0; i < 1000; i++) {
			inputs.add(CalcRequest.add(i, 0));
		}
		List<CalcResult> results = this.ipc.map("calc", inputs, CalcResult.class);
		assertThat(results).extracting(CalcResult::value)
			.containsExactlyElementsOf(java.util.stream.LongStream.range(0, 1000).boxed().toList());
		assertThat(results).extracting(CalcResult::worker).containsAll(workerIndexes("calc"));
	}

	@Test
	void mapFailsWithTheFirstError() {
		List<CalcRequest> inputs = List.of(CalcRequest.add(1, 1), new CalcRequest("fail", 2, 0, ""),
				CalcRequest.add(3, 3));
		assertThatExceptionOfType(IpcRemoteException.class)
			.isThrownBy(() -> this.ipc.map("calc", inputs, CalcResult.class))
			.satisfies((ex) -> assertThat(ex.getRemoteMessage()).isEqualTo("cannot compute 2"));
	}

	@Test
	void mapStreamKeepsInputOrderAndReadsAnEndlessInputOnlyAWindowAhead() throws InterruptedException {
		AtomicLong pulled = new AtomicLong();
		AtomicBoolean inputsClosed = new AtomicBoolean();
		Stream<CalcRequest> endless = Stream.iterate(0L, (i) -> i + 1)
			.peek((i) -> pulled.incrementAndGet())
			.map((i) -> CalcRequest.add(i, 0))
			.onClose(() -> inputsClosed.set(true));
		int window = ((WorkerGroup) this.ipc.group("calc")).mapWindow();
		try (Stream<CalcResult> results = this.ipc.mapStream("calc", endless, CalcResult.class)) {
			assertThat(results.limit(100).map(CalcResult::value).toList())
				.isEqualTo(java.util.stream.LongStream.range(0, 100).boxed().toList());
			assertThat(pulled.get()).isLessThanOrEqualTo(100 + window);
		}
		assertThat(inputsClosed).isTrue();
		assertThat(this.ipc.group("calc").awaitIdle(Duration.ofSeconds(30))).isTrue();
	}

	@Test
	void mapStreamFailureSurfacesAtItsElement() throws InterruptedException {
		Stream<CalcRequest> inputs = Stream.of(CalcRequest.add(1, 1), new CalcRequest("fail", 2, 0, ""),
				CalcRequest.add(3, 3));
		try (Stream<CalcResult> results = this.ipc.mapStream("calc", inputs,
				new ParameterizedTypeReference<CalcResult>() {
				}, Duration.ofSeconds(10))) {
			Iterator<CalcResult> iterator = results.iterator();
			assertThat(iterator.next().value()).isEqualTo(2);
			assertThatExceptionOfType(IpcRemoteException.class).isThrownBy(iterator::next)
				.satisfies((ex) -> assertThat(ex.getRemoteMessage()).isEqualTo("cannot compute 2"));
		}
		assertThat(this.ipc.group("calc").awaitIdle(Duration.ofSeconds(30))).isTrue();
	}

	@Test
	void mapUnorderedAnswersEveryInputOnce() {
		Stream<CalcRequest> inputs = java.util.stream.LongStream.range(0, 200).mapToObj((i) -> CalcRequest.add(i, 0));
		try (Stream<CalcResult> results = this.ipc.mapUnordered("calc", inputs, CalcResult.class)) {
			assertThat(results.map(CalcResult::value).toList())
				.containsExactlyInAnyOrderElementsOf(java.util.stream.LongStream.range(0, 200).boxed().toList());
		}
	}

	@Test
	void mapAsyncCompletesInInputOrderOrWithTheFirstFailure() throws Exception {
		List<CalcRequest> inputs = java.util.stream.LongStream.range(0, 100)
			.mapToObj((i) -> CalcRequest.add(i, 1))
			.toList();
		assertThat(this.ipc.mapAsync("calc", inputs, CalcResult.class).get(60, TimeUnit.SECONDS))
			.extracting(CalcResult::value)
			.isEqualTo(java.util.stream.LongStream.range(1, 101).boxed().toList());
		List<CalcRequest> failing = List.of(CalcRequest.add(1, 1), new CalcRequest("fail", 2, 0, ""));
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> this.ipc.mapAsync("calc", failing, CalcResult.class).get(60, TimeUnit.SECONDS))
			.havingCause()
			.isInstanceOfSatisfying(IpcRemoteException.class,
					(ex) -> assertThat(ex.getRemoteMessage()).isEqualTo("cannot compute 2"));
		assertThat(this.ipc.group("calc").awaitIdle(Duration.ofSeconds(30))).isTrue();
	}

	@Test
	void workersSeeTheApplicationsConfiguration() {
		assertThat(property("e2e.greeting")).isEqualTo("hello from the parent's code");
		assertThat(property("e2e.argument")).isEqualTo("from the command line");
		assertThat(this.ipc.call("calc", new CalcRequest("profiles", 0, 0, ""), CalcResult.class).text())
			.isEqualTo("e2e");
	}

	@Test
	void groupsDescribeTheirWorkers() {
		assertThat(this.ipc.groups()).extracting(io.github.ipcworker.IpcGroup::name)
			.containsExactlyInAnyOrder("calc", "echo", "counter");
		List<IpcWorkerInfo> workers = this.ipc.group("calc").workers();
		assertThat(workers).hasSize(2);
		assertThat(workers).allSatisfy((worker) -> {
			assertThat(worker.state()).isEqualTo(IpcWorkerInfo.State.READY);
			assertThat(worker.pid()).isPositive();
			assertThat(worker.startedAt()).isNotNull();
		});
		assertThat(this.ipc.group("calc").transport()).isEqualTo(transport());
	}

	@Test
	void idleStartedGroupUsesAlmostNoCpu() throws InterruptedException {
		// Let the workers finish what earlier tests gave them, and their JIT settle.
		Thread.sleep(1000);
		List<String> groups = List.of("calc", "echo");
		int workers = this.ipc.group("calc").workers().size() + this.ipc.group("echo").workers().size();
		long before = workersCpuNanos(groups);
		long start = System.nanoTime();
		Thread.sleep(5000);
		long used = workersCpuNanos(groups) - before;
		long elapsed = System.nanoTime() - start;
		double perWorkerCore = (double) used / elapsed / workers;
		assertThat(perWorkerCore).as("share of one core per idle worker, over %d ms", elapsed / 1_000_000)
			.isLessThan(0.02);
	}

	@Test
	void sharedMemoryFilesAreGoneOnceWorkersRun() throws Exception {
		assertThat(Leftovers.filesOfThisProcess(Path.of("/dev/shm"))).isEmpty();
	}

	/**
	 * Asserts that a result was computed where the mode runs workers: in a process of
	 * their own, or in this JVM.
	 * @param result the result
	 */
	void assertRanInAWorker(CalcResult result) {
		if (inProcess()) {
			assertThat(result.pid()).isEqualTo(ProcessHandle.current().pid());
		}
		else {
			assertThat(result.pid()).isNotEqualTo(ProcessHandle.current().pid());
			assertThat(workerPids("calc")).contains(result.pid());
		}
	}

	void awaitFullGroup(String group) {
		org.awaitility.Awaitility.await()
			.atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> this.ipc.group(group).status() == io.github.ipcworker.IpcGroup.Status.UP);
	}

	/** Jackson cannot write it: its only property fails. */
	static final class Unwritable {

		public String getValue() {
			throw new IllegalStateException("this value cannot be read");
		}

	}

	private static long produced(Path progress) {
		try {
			return java.nio.file.Files.exists(progress)
					? Long.parseLong(java.nio.file.Files.readString(progress).trim()) : 0;
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	private String property(String name) {
		return this.ipc.call("calc", new CalcRequest("property", 0, 0, name), CalcResult.class).text();
	}

	Set<Long> workerPids(String group) {
		Set<Long> pids = new HashSet<>();
		this.ipc.group(group).workers().forEach((worker) -> pids.add(worker.pid()));
		return pids;
	}

	private Set<Integer> workerIndexes(String group) {
		Set<Integer> indexes = new HashSet<>();
		this.ipc.group(group).workers().forEach((worker) -> indexes.add(worker.index()));
		return indexes;
	}

}
