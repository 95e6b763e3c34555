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
package io.github.ipcworker.sample;

import java.util.stream.LongStream;
import java.util.stream.Stream;

import io.github.ipcworker.IpcStreamHandler;
import io.github.ipcworker.IpcWorker;

/**
 * Streams the primes below a bound, one by one, as a worker finds them: a long job whose
 * progress the caller sees as it happens.
 */
@IpcWorker(group = "primes", workers = 1)
public class PrimeWorker implements IpcStreamHandler<Long, Long> {

	/** Largest bound accepted: a sieve-free search stays quick enough for a demo. */
	static final long MAX_BOUND = 50_000_000L;

	@Override
	public Stream<Long> handle(Long below) {
		if (below < 2 || below > MAX_BOUND) {
			throw new IllegalArgumentException("The bound must be between 2 and " + MAX_BOUND + ", was " + below);
		}
		return LongStream.range(2, below).filter(PrimeWorker::isPrime).boxed();
	}

	private static boolean isPrime(long n) {
		if (n < 4) {
			return n >= 2;
		}
		if (n % 2 == 0) {
			return false;
		}
		for (long d = 3; d * d <= n; d += 2) {
			if (n % d == 0) {
				return false;
			}
		}
		return true;
	}

}
