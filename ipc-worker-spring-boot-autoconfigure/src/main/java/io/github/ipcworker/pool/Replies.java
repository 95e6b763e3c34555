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

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Optional;

import io.github.ipcworker.IpcException;
import io.github.ipcworker.IpcMessageTooLargeException;
import io.github.ipcworker.IpcRemoteException;
import io.github.ipcworker.IpcSerializationException;
import io.github.ipcworker.IpcStartupException;
import io.github.ipcworker.RemoteThrowable;
import io.github.ipcworker.codec.PayloadCodec;
import io.github.ipcworker.codec.PayloadCodec.Payload;
import io.github.ipcworker.pool.GroupObserver.Outcome;
import io.github.ipcworker.protocol.Frame;
import io.github.ipcworker.protocol.FrameDescriptor;
import io.github.ipcworker.protocol.FrameFormatException;
import io.github.ipcworker.protocol.FrameType;
import io.github.ipcworker.protocol.RemoteError;
import io.github.ipcworker.protocol.RemoteErrorCodec;
import org.jspecify.annotations.Nullable;

/**
 * Reads what workers answer: turns a final frame into the end of its call, a value the
 * caller asked for or the one {@link IpcException} that says what went wrong, and a
 * worker's start-up failure into an {@link IpcStartupException}.
 */
final class Replies {

	/** The response type of calls whose answer is kept as a payload, undecoded. */
	static final Type UNDECODED = Payload.class;

	private final String group;

	private final PayloadCodec codec;

	private final int maxMessageSize;

	private final CallTable calls;

	Replies(String group, PayloadCodec codec, int maxMessageSize, CallTable calls) {
		this.group = group;
		this.codec = codec;
		this.maxMessageSize = maxMessageSize;
		this.calls = calls;
	}

	/**
	 * Ends a call with the final frame its worker sent: RESPONSE, ERROR or STREAM_END.
	 */
	void complete(Call call, Frame frame) {
		if (call.isDone()) {
			return;
		}
		if (call instanceof StreamCall stream) {
			switch (frame.type()) {
				// A handler that answers once, read as a stream of one item.
				case RESPONSE -> {
					stream.deliver(frame);
					this.calls.succeed(call, null);
				}
				case STREAM_END -> this.calls.succeed(call, null);
				default -> this.calls.fail(call, remoteFailure(call, frame), Outcome.ERROR);
			}
			return;
		}
		switch (frame.type()) {
			case RESPONSE -> {
				if (call.responseType == UNDECODED) {
					this.calls.succeed(call, new Payload(frame.flags(), frame.payload()));
					return;
				}
				Object value;
				try {
					value = decode(new Payload(frame.flags(), frame.payload()), call.responseType);
				}
				catch (IpcSerializationException ex) {
					this.calls.fail(call, ex, Outcome.ERROR);
					return;
				}
				this.calls.succeed(call, value);
			}
			case ERROR -> this.calls.fail(call, remoteFailure(call, frame), Outcome.ERROR);
			default ->
				this.calls.fail(call, new IpcException(this.group, "Request " + call.id + " got a stream from group '"
						+ this.group + "'; use IpcClient.stream for a streaming worker"), Outcome.ERROR);
		}
	}

	/**
	 * Decodes a payload the way a response is decoded.
	 * @throws IpcSerializationException when the payload does not read as the type
	 */
	@Nullable Object decode(Payload payload, Type type) {
		if (payload.hasFlag(FrameDescriptor.FLAG_NULL) && !acceptsNull(type)) {
			throw new IpcSerializationException(this.group,
					"The worker of group '" + this.group + "' answered with null, and the caller asked for "
							+ type.getTypeName() + "; ask for Void or Optional, or return a value",
					null);
		}
		try {
			return this.codec.decode(payload, type);
		}
		catch (RuntimeException ex) {
			throw new IpcSerializationException(this.group, "An answer of ipc-worker group '" + this.group
					+ "' could not be read as " + type.getTypeName() + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * Whether a null answer is what the caller asked for: {@code Void}, or
	 * {@code Optional}, which the codec turns into an empty one.
	 */
	private static boolean acceptsNull(Type type) {
		Class<?> raw = (type instanceof Class<?> clazz) ? clazz : (type instanceof ParameterizedType parameterized
				&& parameterized.getRawType() instanceof Class<?> clazz) ? clazz : null;
		return raw == Void.class || raw == void.class || raw == Optional.class;
	}

	IpcException remoteFailure(Call call, Frame frame) {
		RemoteError error;
		try {
			error = RemoteErrorCodec.decode(frame.payload());
		}
		catch (FrameFormatException ex) {
			return new IpcSerializationException(this.group,
					"Request " + call.id + " failed in the worker, and its error report does not parse", ex);
		}
		RemoteThrowable remote = error.error();
		return switch (error.kind()) {
			case HANDLER -> new IpcRemoteException(this.group, call.id, remote);
			case REQUEST_UNREADABLE -> new IpcSerializationException(this.group, "The worker of group '" + this.group
					+ "' could not read request " + call.id + " as its handler's input type: " + remote, remote);
			case RESPONSE_UNWRITABLE -> new IpcSerializationException(this.group, "The worker of group '" + this.group
					+ "' could not write its response to request " + call.id + ": " + remote, remote);
			case PROTOCOL -> new IpcSerializationException(this.group, "The worker of group '" + this.group
					+ "' could not read the frame of request " + call.id + ": " + remote, remote);
			case RESPONSE_TOO_LARGE -> new IpcMessageTooLargeException(this.group, "response to request " + call.id,
					parseSize(remote.getRemoteMessage()), this.maxMessageSize - FrameDescriptor.HEADER_LENGTH);
			default -> new IpcException(this.group, "Request " + call.id + " failed in the worker: " + remote, remote);
		};
	}

	private static long parseSize(String message) {
		try {
			return Long.parseLong(message.trim());
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

	/** Reads the BOOT_FAILED frame of a worker whose application did not start. */
	IpcStartupException bootFailure(Worker worker, Frame frame) {
		try {
			RemoteThrowable remote = RemoteErrorCodec.decode(frame.payload()).error();
			StringBuilder text = new StringBuilder(remote.toString());
			for (RemoteThrowable cause = remote.getCause(); cause != null; cause = cause.getCause()) {
				text.append(System.lineSeparator()).append("  caused by ").append(cause);
			}
			return new IpcStartupException(this.group, "Worker " + worker + " failed to start: " + text, remote);
		}
		catch (FrameFormatException ex) {
			return new IpcStartupException(this.group,
					"Worker " + worker + " failed to start" + Exits.errorTail(worker), ex);
		}
	}

}
