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
package io.github.ipcworker.inprocess;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import io.github.ipcworker.IpcClient;
import io.github.ipcworker.IpcException;
import io.github.ipcworker.IpcRemoteException;
import io.github.ipcworker.IpcTimeoutException;
import io.github.ipcworker.inprocess.MapFamilyApplication.Task;
import io.github.ipcworker.inprocess.MapFamilyApplication.Tick;
import io.github.ipcworker.pool.WorkerGroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.ParameterizedTypeReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The map family of {@link IpcClient} ({@code mapStream}, {@code mapUnordered},
 * {@code mapAsync}), the per-request timeout overloads and {@code IpcGroup.awaitIdle}, in
 * {@code ipc.worker.mode=in-process}, which starts no JVM. The squares group has two
 * workers and the default prefetch of one, so its map window is four.
 */
@SpringBootTest(classes = MapFamilyApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = "ipc.worker.mode=in-process")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class InProcessMapFamilyTests {

	private static final Duration IDLE = Duration.ofSeconds(10);

	private static final ParameterizedTypeReference<Long> LONG = new ParameterizedTypeReference<>() {
	};

	@Autowired
	private IpcClient ipc;

	private WorkerGroup squares;

	@BeforeEach
	void reset() {
		this.squares = (WorkerGroup) this.ipc.group("squares");
		MapFamilyApplication.handled.set(0);
	}

	@AfterEach
	void leaveTheGroupsIdle() throws InterruptedException {
		assertThat(this.squares.awaitIdle(IDLE)).isTrue();
		assertThat(this.ipc.group("ticks").awaitIdle(IDLE)).isTrue();
	}

	@Test
	void windowIsTwiceWhatTheWorkersHold() {
		assertThat(this.squares.mapWindow()).isEqualTo(4);
	}

	@Test
	void mapStreamAnswersInInputOrder() {
		Stream<Task> inputs = LongStream.range(0, 200).mapToObj((i) -> new Task(i, (i % 7 == 0) ? 5 : 0, false));
		try (Stream<Long> answers = this.ipc.mapStream("squares", inputs, Long.class)) {
			assertThat(answers.toList()).isEqualTo(LongStream.range(0, 200).map((i) -> i * i).boxed().toList());
		}
	}

	@Test
	void mapStreamTakesAGenericTypeAndATimeoutPerRequest() {
		// Ten requests of 100 ms on two workers take longer than one timeout: it is per
		// request.
		Stream<Task> inputs = LongStream.range(0, 10).mapToObj((i) -> new Task(i, 100, false));
		try (Stream<Long> answers = this.ipc.mapStream("squares", inputs, LONG, Duration.ofMillis(400))) {
			assertThat(answers.toList()).containsExactly(0L, 1L, 4L, 9L, 16L, 25L, 36L, 49L, 64L, 81L);
		}
	}

	@Test
	void mapStreamReadsAnEndlessInputOnlyAWindowAheadAndClosingLeavesNothingInFlight() throws InterruptedException {
		AtomicLong pulled = new AtomicLong();
		AtomicBoolean inputsClosed = new AtomicBoolean();
		Stream<Task> endless = Stream.iterate(0L, (i) -> i + 1)
			.peek((i) -> pulled.incrementAndGet())
			.map((i) -> new Task(i, 20, false))
			.onClose(() -> inputsClosed.set(true));
		try (Stream<Long> answers = this.ipc.mapStream("squares", endless, Long.class)) {
			assertThat(answers.limit(5).toList()).containsExactly(0L, 1L, 4L, 9L, 16L);
			assertThat(pulled.get()).isLessThanOrEqualTo(5 + this.squares.mapWindow());
		}
		assertThat(inputsClosed).isTrue();
		assertThat(this.squares.awaitIdle(IDLE)).isTrue();
		assertThat(this.squares.inFlight()).isZero();
		assertThat(this.squares.queued()).isZero();
		assertThat(MapFamilyApplication.handled.get()).isLessThanOrEqualTo(pulled.get());
	}

	@Test
	void closingEarlyCancelsTheRequestsNoWorkerHasTakenYet() throws InterruptedException {
		Stream<Task> inputs = LongStream.range(0, 100).mapToObj((i) -> new Task(i, (i == 0) ? 0 : 1000, false));
		try (Stream<Long> answers = this.ipc.mapStream("squares", inputs, Long.class)) {
			// A window goes out: 0 and 1 run, 2 and 3 wait; 0 answers and its worker
			// takes 2, so 1 and 2 run and 3 waits.
			assertThat(answers.iterator().next()).isZero();
			assertThat(this.squares.queued()).isEqualTo(1);
			assertThat(this.squares.inFlight()).isEqualTo(2);
		}
		assertThat(this.squares.queued()).isZero();
		assertThat(this.squares.awaitIdle(IDLE)).isTrue();
		assertThat(MapFamilyApplication.handled.get()).as("tasks run").isEqualTo(3);
	}

	@Test
	void aFailureSurfacesWhenItsElementIsReachedAndCancelsTheRest() throws InterruptedException {
		AtomicLong pulled = new AtomicLong();
		Stream<Task> inputs = LongStream.range(0, 50)
			.peek((i) -> pulled.incrementAndGet())
			.mapToObj((i) -> new Task(i, (i == 3) ? 0 : 50, i == 3));
		try (Stream<Long> answers = this.ipc.mapStream("squares", inputs, Long.class)) {
			Iterator<Long> iterator = answers.iterator();
			assertThat(List.of(iterator.next(), iterator.next(), iterator.next())).containsExactly(0L, 1L, 4L);
			assertThatExceptionOfType(IpcRemoteException.class).isThrownBy(iterator::next)
				.satisfies((ex) -> assertThat(ex.getRemoteMessage()).isEqualTo("cannot square 3"));
			assertThat(iterator.hasNext()).isFalse();
		}
		assertThat(this.squares.awaitIdle(IDLE)).isTrue();
		assertThat(pulled.get()).isLessThanOrEqualTo(4 + this.squares.mapWindow());
		assertThat(MapFamilyApplication.handled.get()).isLessThanOrEqualTo(pulled.get());
	}

	@Test
	void aTimeoutSurfacesAtItsElement() {
		List<Task> inputs = List.of(Task.quick(0), Task.quick(1), new Task(2, 2000, false), Task.quick(3));
		List<Long> seen = new ArrayList<>();
		try (Stream<Long> answers = this.ipc.mapStream("squares", inputs.stream(), Long.class,
				Duration.ofMillis(300))) {
			assertThatExceptionOfType(IpcTimeoutException.class).isThrownBy(() -> answers.forEach(seen::add));
		}
		assertThat(seen).containsExactly(0L, 1L);
	}

	@Test
	void anInputStreamThatThrowsEndsTheMapAndCancelsWhatWasSent() throws InterruptedException {
		Stream<Task> inputs = LongStream.range(0, 10).mapToObj((i) -> {
			if (i == 2) {
				throw new IllegalArgumentException("no input 2");
			}
			return new Task(i, 200, false);
		});
		try (Stream<Long> answers = this.ipc.mapStream("squares", inputs, Long.class)) {
			assertThatIllegalArgumentException().isThrownBy(answers::toList).withMessage("no input 2");
		}
		assertThat(this.squares.awaitIdle(IDLE)).isTrue();
		assertThat(MapFamilyApplication.handled.get()).isLessThanOrEqualTo(2);
	}

	@Test
	void mapUnorderedAnswersAsTheyComplete() {
		List<Task> inputs = List.of(new Task(0, 1500, false), Task.quick(1), Task.quick(2), Task.quick(3),
				Task.quick(4), Task.quick(5));
		try (Stream<Long> answers = this.ipc.mapUnordered("squares", inputs.stream(), Long.class)) {
			List<Long> list = answers.toList();
			// One worker is busy with the slow one while the other answers the rest.
			assertThat(list).hasSize(6).endsWith(0L);
			assertThat(list.subList(0, 5)).containsExactlyInAnyOrder(1L, 4L, 9L, 16L, 25L);
		}
	}

	@Test
	void mapUnorderedReadsAnEndlessInputOnlyAWindowAhead() throws InterruptedException {
		AtomicLong pulled = new AtomicLong();
		AtomicBoolean inputsClosed = new AtomicBoolean();
		Stream<Task> endless = Stream.iterate(0L, (i) -> i + 1)
			.peek((i) -> pulled.incrementAndGet())
			.map(Task::quick)
			.onClose(() -> inputsClosed.set(true));
		try (Stream<Long> answers = this.ipc.mapUnordered("squares", endless, LONG, Duration.ofSeconds(10))) {
			assertThat(answers.limit(3).toList()).hasSize(3).allSatisfy((square) -> assertThat(square).isLessThan(100));
			assertThat(pulled.get()).isLessThanOrEqualTo(3 + this.squares.mapWindow());
		}
		assertThat(inputsClosed).isTrue();
		assertThat(this.squares.awaitIdle(IDLE)).isTrue();
	}

	@Test
	void mapUnorderedFailureCancelsTheRest() throws InterruptedException {
		Stream<Task> inputs = LongStream.range(0, 50).mapToObj((i) -> new Task(i, 50, i == 1));
		try (Stream<Long> answers = this.ipc.mapUnordered("squares", inputs, Long.class, Duration.ofSeconds(10))) {
			assertThatExceptionOfType(IpcRemoteException.class).isThrownBy(answers::toList)
				.satisfies((ex) -> assertThat(ex.getRemoteMessage()).isEqualTo("cannot square 1"));
		}
		assertThat(this.squares.awaitIdle(IDLE)).isTrue();
		assertThat(MapFamilyApplication.handled.get()).isLessThan(50);
	}

	@Test
	void mapAsyncAnswersInInputOrderWithoutBlockingTheCaller() throws Exception {
		List<Task> inputs = LongStream.range(0, 100).mapToObj((i) -> new Task(i, 10, false)).toList();
		CompletableFuture<List<Long>> answers = this.ipc.mapAsync("squares", inputs, Long.class);
		// A hundred requests of 10 ms on two workers take half a second at least.
		assertThat(answers).isNotDone();
		assertThat(answers.get(30, TimeUnit.SECONDS))
			.isEqualTo(LongStream.range(0, 100).map((i) -> i * i).boxed().toList());
	}

	@Test
	void mapAsyncFailsWithTheFirstFailureAndCancelsTheRest() throws InterruptedException {
		List<Task> inputs = LongStream.range(0, 200).mapToObj((i) -> new Task(i, 10, i == 5)).toList();
		CompletableFuture<List<Long>> answers = this.ipc.mapAsync("squares", inputs, LONG, Duration.ofSeconds(10));
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> answers.get(30, TimeUnit.SECONDS))
			.havingCause()
			.isInstanceOfSatisfying(IpcRemoteException.class,
					(ex) -> assertThat(ex.getRemoteMessage()).isEqualTo("cannot square 5"));
		assertThat(this.squares.awaitIdle(IDLE)).isTrue();
		// The failure stops the sending within about a window.
		assertThat(MapFamilyApplication.handled.get()).isLessThanOrEqualTo(6 + 2L * this.squares.mapWindow());
	}

	@Test
	void mapAsyncTimesOutPerRequest() {
		List<Task> inputs = List.of(Task.quick(1), new Task(2, 2000, false));
		CompletableFuture<List<Long>> answers = this.ipc.mapAsync("squares", inputs, Long.class,
				Duration.ofMillis(300));
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> answers.get(30, TimeUnit.SECONDS))
			.havingCause()
			.isInstanceOf(IpcTimeoutException.class);
	}

	@Test
	void mapAsyncOfNothingIsAnEmptyListAndOfAnUnknownGroupAFailedFuture() throws Exception {
		assertThat(this.ipc.mapAsync("squares", List.of(), LONG).get(10, TimeUnit.SECONDS)).isEmpty();
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> this.ipc.mapAsync("nope", List.of(Task.quick(1)), Long.class).get(10, TimeUnit.SECONDS))
			.havingCause()
			.isInstanceOf(IpcException.class);
	}

	@Test
	void blockingMapTimesOutPerRequest() {
		assertThatExceptionOfType(IpcTimeoutException.class).isThrownBy(() -> this.ipc.map("squares",
				List.of(Task.quick(1), new Task(2, 2000, false)), Long.class, Duration.ofMillis(300)));
		assertThat(this.ipc.map("squares", List.of(Task.quick(3)), Long.class, Duration.ofSeconds(10)))
			.containsExactly(9L);
	}

	@Test
	void submitTimesOutAfterTheGivenTimeout() throws Exception {
		CompletableFuture<Long> slow = this.ipc.submit("squares", new Task(2, 2000, false), Long.class,
				Duration.ofMillis(300));
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> slow.get(30, TimeUnit.SECONDS))
			.havingCause()
			.isInstanceOf(IpcTimeoutException.class);
		assertThat(this.ipc.submit("squares", Task.quick(3), LONG, Duration.ofSeconds(10)).get(30, TimeUnit.SECONDS))
			.isEqualTo(9L);
	}

	@Test
	void streamTimesOutBetweenItemsAfterTheGivenTimeout() {
		List<Long> seen = new ArrayList<>();
		try (Stream<Long> ticks = this.ipc.stream("ticks", new Tick(5, 2, 2000), Long.class, Duration.ofMillis(300))) {
			assertThatExceptionOfType(IpcTimeoutException.class).isThrownBy(() -> ticks.forEach(seen::add));
		}
		assertThat(seen).containsExactly(0L, 1L);
		try (Stream<Long> ticks = this.ipc.stream("ticks", new Tick(3, -1, 0), LONG, Duration.ofSeconds(10))) {
			assertThat(ticks.toList()).containsExactly(0L, 1L, 2L);
		}
	}

	@Test
	void awaitIdleWaitsForWhatIsInFlightAndQueued() throws Exception {
		assertThat(this.squares.awaitIdle(Duration.ZERO)).isTrue();
		List<CompletableFuture<Long>> futures = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			futures.add(this.ipc.submit("squares", new Task(i, 400, false), Long.class));
		}
		assertThat(this.squares.awaitIdle(Duration.ofMillis(50))).isFalse();
		assertThat(this.squares.awaitIdle(IDLE)).isTrue();
		assertThat(futures).allSatisfy((future) -> assertThat(future).isDone());
		assertThat(this.squares.inFlight()).isZero();
		assertThat(this.squares.queued()).isZero();
	}

}
