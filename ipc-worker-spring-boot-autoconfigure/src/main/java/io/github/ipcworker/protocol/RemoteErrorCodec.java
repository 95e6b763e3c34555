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
package io.github.ipcworker.protocol;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import io.github.ipcworker.RemoteThrowable;
import org.jspecify.annotations.Nullable;

/**
 * Encodes the exceptions a worker reports into a plain binary form that the parent reads
 * back as {@link RemoteThrowable} stand-ins, so no class named by a worker is ever loaded
 * in the parent. All integers are big-endian ({@link DataOutputStream}).
 *
 * <pre>
 * error  := kind:u8 depth:u8 throwable{depth}      (outermost first)
 * throwable := className:string message:string frameCount:u16 frame{frameCount}
 * frame  := declaringClass:string methodName:string fileName:string line:i32
 * string := length:i32 utf8-bytes{length}           (length -1 for none)
 * </pre>
 *
 * Causes are cut at {@value #MAX_DEPTH} levels, stack traces at {@value #MAX_FRAMES}
 * frames and messages at {@value #MAX_MESSAGE_CHARS} characters, so an error frame stays
 * small.
 */
public final class RemoteErrorCodec {

	/** Most causes encoded. */
	public static final int MAX_DEPTH = 8;

	/** Most stack frames encoded per exception. */
	public static final int MAX_FRAMES = 64;

	/** Most characters of a message encoded. */
	public static final int MAX_MESSAGE_CHARS = 8192;

	private RemoteErrorCodec() {
	}

	/**
	 * Encodes an exception and its causes.
	 * @param kind which step failed
	 * @param error the exception
	 * @return the payload bytes
	 */
	public static byte[] encode(RemoteError.Kind kind, Throwable error) {
		List<Throwable> chain = chain(error);
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.writeByte(kind.id());
			out.writeByte(chain.size());
			for (Throwable throwable : chain) {
				String className = (throwable instanceof RemoteThrowable remote) ? remote.getRemoteClassName()
						: throwable.getClass().getName();
				writeString(out, className);
				// No message is written as none (read back as empty), not as the text
				// "null".
				String message = throwable.getMessage();
				writeString(out, (message != null) ? truncate(message) : null);
				StackTraceElement[] frames = throwable.getStackTrace();
				int count = Math.min(frames.length, MAX_FRAMES);
				out.writeShort(count);
				for (int i = 0; i < count; i++) {
					writeString(out, frames[i].getClassName());
					writeString(out, frames[i].getMethodName());
					writeString(out, frames[i].getFileName());
					out.writeInt(frames[i].getLineNumber());
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	/**
	 * Encodes an error that has only a message, such as a start-up failure text.
	 * @param kind which step failed
	 * @param className the name to report as the error's type
	 * @param message the message
	 * @return the payload bytes
	 */
	public static byte[] encode(RemoteError.Kind kind, String className, String message) {
		return encode(kind, new RemoteThrowable(className, message, new StackTraceElement[0], null));
	}

	/**
	 * Decodes an error payload.
	 * @param payload the payload bytes
	 * @return the error
	 * @throws FrameFormatException when the bytes do not parse
	 */
	public static RemoteError decode(byte[] payload) {
		try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
			RemoteError.Kind kind = RemoteError.Kind.fromId(in.readUnsignedByte());
			int depth = in.readUnsignedByte();
			if (depth < 1 || depth > MAX_DEPTH) {
				throw new FrameFormatException("bad error depth: depth=" + depth);
			}
			String[] classNames = new String[depth];
			String[] messages = new String[depth];
			StackTraceElement[][] stacks = new StackTraceElement[depth][];
			for (int level = 0; level < depth; level++) {
				classNames[level] = orEmpty(readString(in));
				messages[level] = orEmpty(readString(in));
				int count = in.readUnsignedShort();
				if (count > MAX_FRAMES) {
					throw new FrameFormatException("too many stack frames: count=" + count);
				}
				StackTraceElement[] frames = new StackTraceElement[count];
				for (int i = 0; i < count; i++) {
					String declaringClass = orEmpty(readString(in));
					String methodName = orEmpty(readString(in));
					String fileName = readString(in);
					frames[i] = new StackTraceElement(declaringClass, methodName, fileName, in.readInt());
				}
				stacks[level] = frames;
			}
			RemoteThrowable cause = null;
			for (int level = depth - 1; level >= 0; level--) {
				cause = new RemoteThrowable(classNames[level], messages[level], stacks[level], cause);
			}
			return new RemoteError(kind, cause);
		}
		catch (IOException ex) {
			throw new FrameFormatException("truncated error payload: length=" + payload.length);
		}
	}

	private static List<Throwable> chain(Throwable error) {
		Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
		List<Throwable> chain = new ArrayList<>();
		for (Throwable current = error; current != null && chain.size() < MAX_DEPTH
				&& seen.add(current); current = current.getCause()) {
			chain.add(current);
		}
		return chain;
	}

	private static String truncate(String message) {
		return (message.length() <= MAX_MESSAGE_CHARS) ? message : message.substring(0, MAX_MESSAGE_CHARS) + "...";
	}

	private static void writeString(DataOutputStream out, @Nullable String value) throws IOException {
		if (value == null) {
			out.writeInt(-1);
			return;
		}
		byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
		out.writeInt(bytes.length);
		out.write(bytes);
	}

	private static @Nullable String readString(DataInputStream in) throws IOException {
		int length = in.readInt();
		if (length == -1) {
			return null;
		}
		if (length < 0 || length > in.available()) {
			throw new FrameFormatException("bad string length in error payload: length=" + length);
		}
		return new String(in.readNBytes(length), StandardCharsets.UTF_8);
	}

	private static String orEmpty(@Nullable String value) {
		return (value != null) ? value : "";
	}

}
