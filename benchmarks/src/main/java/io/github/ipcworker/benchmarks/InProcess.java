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

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.ipcworker.IpcHandler;

/**
 * The in-process baseline: the worker's own handler behind an executor in this JVM.
 */
final class InProcess {

	private InProcess() {
	}

	/**
	 * Returns a new instance of the handler a group of the payload runs.
	 * @param payload the payload
	 * @return the handler
	 */
	@SuppressWarnings("unchecked")
	static IpcHandler<Object, Object> handlerFor(Payload payload) {
		IpcHandler<?, ?> handler = payload.isBytes() ? new BenchmarkApplication.EchoWorker()
				: new BenchmarkApplication.QuoteWorker();
		return (IpcHandler<Object, Object>) handler;
	}

	/**
	 * Hands a request to the executor and waits for the answer.
	 * @param executor the executor
	 * @param handler the handler
	 * @param request the request
	 * @return the answer
	 * @throws ExecutionException when the handler fails
	 * @throws InterruptedException when interrupted
	 * @throws TimeoutException when no answer comes within the round-trip timeout
	 */
	static Object call(ExecutorService executor, IpcHandler<Object, Object> handler, Object request)
			throws ExecutionException, InterruptedException, TimeoutException {
		return executor.submit(() -> handler.handle(request))
			.get(RoundTripBenchmarks.ROUND_TRIP_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
	}

	/**
	 * Makes the executor's threads daemons, so a failed benchmark cannot keep its JVM.
	 * @param task the thread's work
	 * @return the thread
	 */
	static Thread daemon(Runnable task) {
		Thread thread = new Thread(task, "bench-in-process");
		thread.setDaemon(true);
		return thread;
	}

	/**
	 * Stops an executor.
	 * @param executor the executor, or {@code null}
	 */
	static void shutdown(ExecutorService executor) {
		if (executor == null) {
			return;
		}
		executor.shutdownNow();
		try {
			executor.awaitTermination(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
