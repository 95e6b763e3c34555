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

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.github.ipcworker.IpcRemoteException;
import io.github.ipcworker.reactor.ReactorIpcClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Sends a worker's stream to the browser as Server-Sent Events: one {@code prime} event
 * per prime, then a {@code done} event with the count, or an {@code error} event.
 * <p>
 * The stream is a {@link Flux} ({@link ReactorIpcClient}), which Spring MVC writes as the
 * items arrive: no thread waits on an open stream, and the worker produces only what the
 * client's connection takes. When the client goes away, MVC cancels the subscription,
 * which stops the worker.
 */
@RestController
class PrimeController {

	/** Longest wait for the next prime: a Flux has no timeout of its own. */
	private static final Duration ITEM_TIMEOUT = Duration.ofSeconds(30);

	private final ReactorIpcClient ipc;

	PrimeController(ReactorIpcClient ipc) {
		this.ipc = ipc;
	}

	@GetMapping(path = "/primes", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	Flux<ServerSentEvent<Object>> primes(@RequestParam(defaultValue = "100") long below) {
		AtomicLong count = new AtomicLong();
		return this.ipc.stream("primes", below, Long.class).timeout(ITEM_TIMEOUT).map((prime) -> {
			count.incrementAndGet();
			return event("prime", prime);
		})
			.concatWith(Mono.fromSupplier(() -> event("done", count.get())))
			.onErrorResume((ex) -> Mono.just(event("error", message(ex))));
	}

	private static ServerSentEvent<Object> event(String name, Object data) {
		return ServerSentEvent.builder(data).event(name).build();
	}

	private static String message(Throwable ex) {
		return (ex instanceof IpcRemoteException remote) ? remote.getRemoteMessage() : String.valueOf(ex.getMessage());
	}

}
