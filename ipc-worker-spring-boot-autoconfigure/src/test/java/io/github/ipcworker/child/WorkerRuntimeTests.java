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
package io.github.ipcworker.child;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.github.ipcworker.codec.PayloadCodec;
import io.github.ipcworker.context.ContextPropagator;
import io.github.ipcworker.protocol.Frame;
import io.github.ipcworker.protocol.FrameDescriptor;
import io.github.ipcworker.protocol.FrameType;
import io.github.ipcworker.protocol.RemoteError;
import io.github.ipcworker.protocol.RemoteErrorCodec;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tests for {@link WorkerRuntime}, driven through an in-memory link as a parent with
 * {@code prefetch} above 1 would: several requests sent before the first is answered,
 * with credit and cancels for those still waiting.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class WorkerRuntimeTests {

	private static final long FRAME_TIMEOUT_MS = 5_000L;

	private final QueueChildLink link = new QueueChildLink();

	private final List<String> handled = new CopyOnWriteArrayList<>();

	private final CountDownLatch release = new CountDownLatch(1);

	private @Nullable Thread serving;

	@AfterEach
	void stop() throws InterruptedException {
		Thread serving = this.serving;
		if (serving != null) {
			this.link.toWorker.add(Frame.of(FrameType.SHUTDOWN, 0, 0L));
			this.release.countDown();
			serving.join(FRAME_TIMEOUT_MS);
			assertThat(serving.isAlive()).as("serving thread ended").isFalse();
		}
	}

	@Test
	void shouldApplyCreditSentWhileStreamRequestWaited() throws Exception {
		serve(new Streams(3));
		// Both arrive before the first is answered; the credit for the second comes while
		// the first still streams.
		this.link.toWorker.add(streamRequest(1L, "a", 1));
		this.link.toWorker.add(streamRequest(2L, "b", 1));
		// Three items and the end: the worker takes the next item only with credit for
		// it.
		this.link.toWorker.add(credit(2L, 3));
		this.link.toWorker.add(credit(1L, 3));
		assertThat(takeUntilFinal(1L)).extracting(Frame::type)
			.containsExactly(FrameType.STREAM_ITEM, FrameType.STREAM_ITEM, FrameType.STREAM_ITEM, FrameType.STREAM_END);
		assertThat(takeUntilFinal(2L)).extracting(Frame::type)
			.containsExactly(FrameType.STREAM_ITEM, FrameType.STREAM_ITEM, FrameType.STREAM_ITEM, FrameType.STREAM_END);
	}

	@Test
	void shouldNotRunStreamRequestCancelledWhileItWaitedButAnswerIt() throws Exception {
		serve(new Streams(2));
		this.link.toWorker.add(streamRequest(1L, "a", 1));
		this.link.toWorker.add(streamRequest(2L, "b", 10));
		this.link.toWorker.add(Frame.of(FrameType.CANCEL, 0, 2L));
		this.link.toWorker.add(credit(1L, 2));
		assertThat(takeUntilFinal(1L)).extracting(Frame::type)
			.containsExactly(FrameType.STREAM_ITEM, FrameType.STREAM_ITEM, FrameType.STREAM_END);
		Frame cancelled = this.link.take(FRAME_TIMEOUT_MS);
		assertCancelled(cancelled, 2L);
		assertThat(this.handled).containsExactly("a");
	}

	@Test
	void shouldNotRunRequestCancelledWhileHandlerWasBusy() throws Exception {
		serve(new Blocking());
		this.link.toWorker.add(request(1L, "a", 0));
		this.link.toWorker.add(request(2L, "b", FrameDescriptor.FLAG_STREAM));
		this.link.toWorker.add(Frame.of(FrameType.CANCEL, 0, 2L));
		this.release.countDown();
		Frame first = this.link.take(FRAME_TIMEOUT_MS);
		assertThat(first.type()).isEqualTo(FrameType.RESPONSE);
		assertThat(first.requestId()).isEqualTo(1L);
		assertCancelled(this.link.take(FRAME_TIMEOUT_MS), 2L);
		this.link.toWorker.add(request(3L, "c", 0));
		assertThat(this.link.take(FRAME_TIMEOUT_MS).requestId()).isEqualTo(3L);
		assertThat(this.handled).containsExactly("a", "c");
	}

	@Test
	void shouldAnswerWithAnErrorAndKeepServingWhenWritingAResponseOverflowsTheStack() throws Exception {
		StringCodec codec = new StringCodec() {

			@Override
			public Payload encode(@Nullable Object value) {
				if ("deep".equals(value)) {
					throw new StackOverflowError("test: too deep to write");
				}
				return super.encode(value);
			}

		};
		serve(new Blocking(), codec);
		this.release.countDown();
		this.link.toWorker.add(request(1L, "deep", 0));
		Frame error = this.link.take(FRAME_TIMEOUT_MS);
		assertThat(error.type()).isEqualTo(FrameType.ERROR);
		assertThat(RemoteErrorCodec.decode(error.payload()).kind()).isEqualTo(RemoteError.Kind.RESPONSE_UNWRITABLE);
		this.link.toWorker.add(request(2L, "b", 0));
		assertThat(this.link.take(FRAME_TIMEOUT_MS).type()).isEqualTo(FrameType.RESPONSE);
	}

	@Test
	void shouldLetOutOfMemoryWhileReadingARequestEndTheServingLoop() {
		OutOfMemoryError failure = new OutOfMemoryError("test: no room for the request");
		StringCodec codec = new StringCodec() {

			@Override
			public Object decode(Payload payload, Type type) {
				throw failure;
			}

		};
		WorkerRuntime runtime = new WorkerRuntime(this.link, 0, codec, new Blocking(), 1 << 20, "test",
				ContextPropagator.NONE);
		this.link.toWorker.add(request(1L, "a", 0));
		assertThatThrownBy(runtime::serve).isSameAs(failure);
	}

	private void serve(HandlerAdapter handler) {
		serve(handler, new StringCodec());
	}

	private void serve(HandlerAdapter handler, PayloadCodec codec) {
		WorkerRuntime runtime = new WorkerRuntime(this.link, 0, codec, handler, 1 << 20, "test",
				ContextPropagator.NONE);
		Thread serving = new Thread(() -> {
			try {
				runtime.serve();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}, "worker-runtime-test");
		serving.setDaemon(true);
		this.serving = serving;
		serving.start();
	}

	private List<Frame> takeUntilFinal(long requestId) throws InterruptedException {
		List<Frame> frames = new ArrayList<>();
		while (true) {
			Frame frame = this.link.take(FRAME_TIMEOUT_MS);
			assertThat(frame.requestId()).as("request of %s", frame).isEqualTo(requestId);
			frames.add(frame);
			if (frame.type() != FrameType.STREAM_ITEM) {
				return frames;
			}
		}
	}

	private static void assertCancelled(Frame frame, long requestId) {
		assertThat(frame.type()).isEqualTo(FrameType.ERROR);
		assertThat(frame.requestId()).isEqualTo(requestId);
		assertThat(RemoteErrorCodec.decode(frame.payload()).kind()).isEqualTo(RemoteError.Kind.CANCELLED);
	}

	private static Frame streamRequest(long requestId, String input, long initialCredit) {
		return new Frame(FrameType.REQUEST, FrameDescriptor.FLAG_STREAM, 0, requestId, initialCredit, 0,
				input.getBytes(StandardCharsets.UTF_8));
	}

	private static Frame request(long requestId, String input, int flags) {
		return Frame.of(FrameType.REQUEST, flags, 0, requestId, input.getBytes(StandardCharsets.UTF_8));
	}

	private static Frame credit(long requestId, long credit) {
		return new Frame(FrameType.CREDIT, 0, 0, requestId, credit, 0, new byte[0]);
	}

	/** Strings as UTF-8, nothing else. */
	private static class StringCodec implements PayloadCodec {

		@Override
		public Payload encode(@Nullable Object value) {
			return new Payload(0, String.valueOf(value).getBytes(StandardCharsets.UTF_8));
		}

		@Override
		public Object decode(Payload payload, Type type) {
			return new String(payload.bytes(), StandardCharsets.UTF_8);
		}

	}

	/** Streams a fixed number of items for each request. */
	private final class Streams implements HandlerAdapter {

		private final int items;

		Streams(int items) {
			this.items = items;
		}

		@Override
		public Type inputType() {
			return String.class;
		}

		@Override
		public boolean streaming() {
			return true;
		}

		@Override
		public Object handle(@Nullable Object request) {
			throw new UnsupportedOperationException();
		}

		@Override
		public Stream<?> handleStream(@Nullable Object request) {
			WorkerRuntimeTests.this.handled.add((String) request);
			return IntStream.range(0, this.items).mapToObj((i) -> request + "-" + i);
		}

	}

	/** Answers once; the first request waits until the test releases it. */
	private final class Blocking implements HandlerAdapter {

		@Override
		public Type inputType() {
			return String.class;
		}

		@Override
		public boolean streaming() {
			return false;
		}

		@Override
		public Object handle(@Nullable Object request) throws InterruptedException {
			WorkerRuntimeTests.this.handled.add((String) request);
			if ("a".equals(request)) {
				WorkerRuntimeTests.this.release.await();
			}
			return request;
		}

		@Override
		public Stream<?> handleStream(@Nullable Object request) {
			throw new UnsupportedOperationException();
		}

	}

}
