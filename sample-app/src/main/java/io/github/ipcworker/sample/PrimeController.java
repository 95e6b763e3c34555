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

import java.io.IOException;
import java.util.Iterator;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import io.github.ipcworker.IpcClient;
import io.github.ipcworker.IpcException;
import io.github.ipcworker.IpcRemoteException;
import jakarta.annotation.PreDestroy;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Sends a worker's stream to the browser as Server-Sent Events: one {@code prime} event
 * per prime, then a {@code done} event with the count. When the client goes away, the
 * stream is closed, which stops the worker.
 */
@RestController
class PrimeController {

	private final IpcClient ipc;

	/** Relays streams to their HTTP clients, one thread per open stream. */
	private final ExecutorService relays = Executors.newCachedThreadPool(new RelayThreads());

	PrimeController(IpcClient ipc) {
		this.ipc = ipc;
	}

	@GetMapping(path = "/primes", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	SseEmitter primes(@RequestParam(defaultValue = "100") long below) {
		SseEmitter emitter = new SseEmitter(0L);
		Stream<Long> primes = this.ipc.stream("primes", below, Long.class);
		emitter.onCompletion(primes::close);
		emitter.onTimeout(primes::close);
		emitter.onError((ex) -> primes.close());
		this.relays.execute(() -> relay(primes, emitter));
		return emitter;
	}

	private static void relay(Stream<Long> primes, SseEmitter emitter) {
		long count = 0;
		try (primes) {
			Iterator<Long> iterator = primes.iterator();
			while (iterator.hasNext()) {
				emitter.send(SseEmitter.event().name("prime").data(iterator.next()));
				count++;
			}
			emitter.send(SseEmitter.event().name("done").data(count));
			emitter.complete();
		}
		catch (IpcRemoteException ex) {
			sendError(emitter, ex.getRemoteMessage());
		}
		catch (IpcException ex) {
			sendError(emitter, ex.getMessage());
		}
		catch (IOException | IllegalStateException ex) {
			// The client went away; closing the stream above stopped the worker.
			emitter.completeWithError(ex);
		}
	}

	private static void sendError(SseEmitter emitter, String message) {
		try {
			emitter.send(SseEmitter.event().name("error").data(message));
			emitter.complete();
		}
		catch (IOException | IllegalStateException ex) {
			emitter.completeWithError(ex);
		}
	}

	@PreDestroy
	void stop() {
		this.relays.shutdownNow();
	}

	private static final class RelayThreads implements java.util.concurrent.ThreadFactory {

		private final AtomicInteger count = new AtomicInteger();

		@Override
		public Thread newThread(Runnable task) {
			Thread thread = new Thread(task, "prime-relay-" + this.count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		}

	}

}
