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
package io.github.ipcworker.benchmarks;

import java.util.Arrays;
import java.util.SplittableRandom;

import io.github.ipcworker.benchmarks.BenchmarkApplication.Quote;

/**
 * The payloads of the benchmarks, how to make a request of each and how to tell its
 * answer.
 */
public enum Payload {

	/** 64 bytes. */
	BYTES_64("64 B", 64),

	/** A small record through the JSON codec. */
	JSON_RECORD("record (JSON)", 0),

	/** 1 MiB. */
	BYTES_1M("1 MiB", 1 << 20),

	/** 8 MiB. */
	BYTES_8M("8 MiB", 8 << 20),

	/** 1 KiB: with the next two, so that the chart's lines join only measured sizes. */
	BYTES_1K("1 KiB", 1 << 10),

	/** 16 KiB. */
	BYTES_16K("16 KiB", 16 << 10),

	/** 256 KiB. */
	BYTES_256K("256 KiB", 256 << 10);

	private final String label;

	private final int length;

	Payload(String label, int length) {
		this.label = label;
		this.length = length;
	}

	/**
	 * Returns the name people read.
	 * @return the label
	 */
	public String label() {
		return this.label;
	}

	/**
	 * Returns the length of a {@code byte[]} payload.
	 * @return the length in bytes, 0 for the record
	 */
	public int length() {
		return this.length;
	}

	/**
	 * Returns whether the payload is a {@code byte[]}.
	 * @return whether it is bytes
	 */
	public boolean isBytes() {
		return this != JSON_RECORD;
	}

	/**
	 * Returns the group that echoes this payload.
	 * @return the group name
	 */
	public String group() {
		return isBytes() ? BenchmarkApplication.ECHO_GROUP : BenchmarkApplication.QUOTE_GROUP;
	}

	/**
	 * Returns the type the answer is read as.
	 * @return the class
	 */
	public Class<?> responseType() {
		return isBytes() ? byte[].class : Quote.class;
	}

	/**
	 * Makes a request with random content.
	 * @param seed the seed of the content
	 * @return the request
	 */
	public Object newRequest(long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		if (!isBytes()) {
			return new Quote("EURUSD-" + random.nextInt(1000), random.nextLong(), random.nextDouble(),
					random.nextDouble(), random.nextInt(), random.nextBoolean());
		}
		byte[] bytes = new byte[this.length];
		for (int i = 0; i < bytes.length; i += Long.BYTES) {
			long value = random.nextLong();
			for (int j = i; j < Math.min(i + Long.BYTES, bytes.length); j++) {
				bytes[j] = (byte) value;
				value >>>= 8;
			}
		}
		return bytes;
	}

	/**
	 * Tells whether a response is the echo of a request, comparing every byte.
	 * @param request the request
	 * @param response the response
	 * @return whether it is the echo
	 */
	public boolean isEcho(Object request, Object response) {
		if (isBytes()) {
			return response instanceof byte[] bytes && Arrays.equals((byte[]) request, bytes);
		}
		return request.equals(response);
	}

	/**
	 * Tells cheaply whether a response could be the echo of a request: the measured loops
	 * check this, {@link #isEcho} checks the content outside the measurement.
	 * @param request the request
	 * @param response the response
	 * @return whether it has the request's length (bytes) or equals it (record)
	 */
	public boolean looksLikeEcho(Object request, Object response) {
		if (isBytes()) {
			return response instanceof byte[] bytes && bytes.length == ((byte[]) request).length;
		}
		return request.equals(response);
	}

	/**
	 * Fails unless a response is the echo of a request.
	 * @param request the request
	 * @param response the response
	 * @param who what answered, for the message
	 * @throws IllegalStateException when it is not
	 */
	public void checkEcho(Object request, Object response, String who) {
		if (!isEcho(request, response)) {
			throw new IllegalStateException(
					who + " answered a " + this.label + " request with something else: " + describe(response));
		}
	}

	private static String describe(Object value) {
		return (value instanceof byte[] bytes) ? "byte[" + bytes.length + "]" : String.valueOf(value);
	}

}
