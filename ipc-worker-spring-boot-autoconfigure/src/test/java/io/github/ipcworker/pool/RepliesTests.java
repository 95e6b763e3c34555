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
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import io.github.ipcworker.IpcException;
import io.github.ipcworker.IpcMessageTooLargeException;
import io.github.ipcworker.IpcRemoteException;
import io.github.ipcworker.IpcSerializationException;
import io.github.ipcworker.codec.PayloadCodec.Payload;
import io.github.ipcworker.protocol.Frame;
import io.github.ipcworker.protocol.FrameDescriptor;
import io.github.ipcworker.protocol.FrameType;
import io.github.ipcworker.protocol.RemoteError;
import io.github.ipcworker.protocol.RemoteErrorCodec;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What each final frame means for its call: one value or one documented exception.
 */
class RepliesTests {

	private static final int MAX_MESSAGE = 1 << 20;

	private final PoolWorld.Outcomes outcomes = new PoolWorld.Outcomes();

	private final CallTable calls = new CallTable("g", "fake", this.outcomes, new ManualRuntime(),
			new AtomicLong()::incrementAndGet);

	private final Replies replies = new Replies("g", new TextCodec(), MAX_MESSAGE, this.calls);

	private Call call(java.lang.reflect.Type type) {
		Call call = this.calls.newCall(new Payload(0, new byte[0]), type, 1_000_000_000L);
		this.calls.accept(call);
		return call;
	}

	private static Frame response(Call call, int flags, String text) {
		return new Frame(FrameType.RESPONSE, flags, 0, call.id, 0, 0, text.getBytes(StandardCharsets.UTF_8));
	}

	private static Frame error(Call call, RemoteError.Kind kind, String message) {
		return Frame.of(FrameType.ERROR, 0, 0, call.id,
				RemoteErrorCodec.encode(kind, IllegalStateException.class.getName(), message));
	}

	private static Throwable failureOf(CompletableFuture<@Nullable Object> result) {
		assertThat(result).isCompletedExceptionally();
		return result.handle((value, failure) -> failure).join();
	}

	@Test
	void aResponseIsDecodedAsTheCallerAsked() {
		Call call = call(String.class);
		this.replies.complete(call, response(call, 0, "hello"));
		assertThat(call.result).isCompletedWithValue("hello");
		assertThat(this.outcomes.of(GroupObserver.Outcome.SUCCESS)).isOne();
		assertThat(this.calls.openCalls()).isZero();
	}

	@Test
	void nullIsAnErrorUnlessTheCallerAskedForVoidOrOptional() {
		Call string = call(String.class);
		this.replies.complete(string, response(string, FrameDescriptor.FLAG_NULL, ""));
		assertThat(failureOf(string.result)).isInstanceOf(IpcSerializationException.class)
			.hasMessageContaining("answered with null")
			.hasMessageContaining("java.lang.String");
		for (java.lang.reflect.Type type : new java.lang.reflect.Type[] { Void.class, void.class, Optional.class }) {
			Call call = call(type);
			this.replies.complete(call, response(call, FrameDescriptor.FLAG_NULL, ""));
			assertThat(call.result).as("null as %s", type).isCompletedWithValue(null);
		}
	}

	@Test
	void anAnswerThatDoesNotReadAsTheTypeIsASerializationError() {
		Call call = call(Integer.class);
		this.replies.complete(call, response(call, 0, "unreadable"));
		assertThat(failureOf(call.result)).isInstanceOf(IpcSerializationException.class)
			.hasMessageContaining("could not be read as java.lang.Integer");
		assertThat(this.outcomes.of(GroupObserver.Outcome.ERROR)).isOne();
	}

	@Test
	void anUndecodedAnswerKeepsItsPayload() {
		Call call = call(Replies.UNDECODED);
		this.replies.complete(call, response(call, 0, "kept"));
		Object payload = call.result.join();
		assertThat(payload).isInstanceOf(Payload.class);
		assertThat(new String(((Payload) payload).bytes(), StandardCharsets.UTF_8)).isEqualTo("kept");
	}

	@Test
	void eachKindOfWorkerErrorBecomesItsException() {
		Call handler = call(String.class);
		this.replies.complete(handler, error(handler, RemoteError.Kind.HANDLER, "boom"));
		assertThat(failureOf(handler.result)).isInstanceOf(IpcRemoteException.class).hasMessageContaining("boom");
		Call unreadable = call(String.class);
		this.replies.complete(unreadable, error(unreadable, RemoteError.Kind.REQUEST_UNREADABLE, "bad input"));
		assertThat(failureOf(unreadable.result)).isInstanceOf(IpcSerializationException.class)
			.hasMessageContaining("could not read request " + unreadable.id);
		Call unwritable = call(String.class);
		this.replies.complete(unwritable, error(unwritable, RemoteError.Kind.RESPONSE_UNWRITABLE, "cyclic"));
		assertThat(failureOf(unwritable.result)).isInstanceOf(IpcSerializationException.class)
			.hasMessageContaining("could not write its response to request " + unwritable.id);
		Call protocol = call(String.class);
		this.replies.complete(protocol, error(protocol, RemoteError.Kind.PROTOCOL, "short frame"));
		assertThat(failureOf(protocol.result)).isInstanceOf(IpcSerializationException.class)
			.hasMessageContaining("could not read the frame of request " + protocol.id);
		Call cancelled = call(String.class);
		this.replies.complete(cancelled, error(cancelled, RemoteError.Kind.CANCELLED, "stopped"));
		assertThat(failureOf(cancelled.result)).isExactlyInstanceOf(IpcException.class)
			.hasMessageContaining("failed in the worker");
	}

	@Test
	void aResponseTooLargeSaysItsSizeAndTheLimit() {
		Call call = call(String.class);
		this.replies.complete(call, error(call, RemoteError.Kind.RESPONSE_TOO_LARGE, " 123456789 "));
		IpcMessageTooLargeException failure = (IpcMessageTooLargeException) failureOf(call.result);
		assertThat(failure.getSize()).isEqualTo(123456789L);
		assertThat(failure.getMaxSize()).isEqualTo(MAX_MESSAGE - FrameDescriptor.HEADER_LENGTH);
		Call unsized = call(String.class);
		this.replies.complete(unsized, error(unsized, RemoteError.Kind.RESPONSE_TOO_LARGE, "huge"));
		assertThat(((IpcMessageTooLargeException) failureOf(unsized.result)).getSize()).isEqualTo(-1);
	}

	@Test
	void anErrorReportThatDoesNotParseIsASerializationError() {
		Call call = call(String.class);
		this.replies.complete(call, Frame.of(FrameType.ERROR, 0, 0, call.id, new byte[] { 9, 9, 9 }));
		assertThat(failureOf(call.result)).isInstanceOf(IpcSerializationException.class)
			.hasMessageContaining("error report does not parse");
	}

	@Test
	void aStreamEndForAPlainCallSaysToUseStream() {
		Call call = call(String.class);
		this.replies.complete(call, Frame.of(FrameType.STREAM_END, 0, call.id));
		assertThat(failureOf(call.result)).hasMessageContaining("use IpcClient.stream");
	}

	@Test
	void aStreamEndsWithItsEndOrItsErrorAndTakesASingleAnswerAsOneItem() {
		StreamCall single = this.calls.newStream(new Payload(0, new byte[0]), String.class, 1_000_000_000L, 4);
		this.calls.accept(single);
		this.replies.complete(single, response(single, 0, "only"));
		assertThat(single.items).hasSize(2);
		assertThat(single.items.peek().type()).isEqualTo(FrameType.RESPONSE);
		assertThat(single.result).isCompleted().isNotCompletedExceptionally();
		StreamCall failing = this.calls.newStream(new Payload(0, new byte[0]), String.class, 1_000_000_000L, 4);
		this.calls.accept(failing);
		this.replies.complete(failing, error(failing, RemoteError.Kind.HANDLER, "mid-stream"));
		assertThat(failureOf(failing.result)).isInstanceOf(IpcRemoteException.class);
		assertThat(failing.items).containsExactly(StreamCall.END);
	}

	@Test
	void aCallThatEndedAlreadyIgnoresItsAnswer() {
		Call call = call(String.class);
		this.calls.fail(call, new IpcException("g", "timed out"), GroupObserver.Outcome.TIMEOUT);
		this.replies.complete(call, response(call, 0, "late"));
		assertThat(failureOf(call.result)).hasMessage("timed out");
		assertThat(this.outcomes.total()).isOne();
	}

}
