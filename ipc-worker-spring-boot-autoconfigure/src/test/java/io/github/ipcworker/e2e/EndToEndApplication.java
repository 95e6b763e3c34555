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
package io.github.ipcworker.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import io.github.ipcworker.IpcHandler;
import io.github.ipcworker.IpcStreamHandler;
import io.github.ipcworker.IpcWorker;
import io.github.ipcworker.IpcWorkerContext;
import jakarta.annotation.PostConstruct;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * The application of the end-to-end tests: its worker beans run in real child JVMs,
 * started from this class.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({ EndToEndApplication.EchoWorker.class, EndToEndApplication.CalcWorker.class,
		EndToEndApplication.CounterWorker.class })
public class EndToEndApplication {

	/** Sends back the bytes it gets: payload sizes and raw pass-through. */
	@IpcWorker(group = "echo")
	static class EchoWorker implements IpcHandler<byte[], byte[]> {

		@Override
		public byte[] handle(byte[] request) {
			return request;
		}

	}

	/** Answers typed requests, fails, sleeps or reports its configuration on demand. */
	@IpcWorker(group = "calc")
	static class CalcWorker implements IpcHandler<CalcRequest, CalcResult> {

		private final Environment environment;

		private final int index;

		private long pid;

		/**
		 * Worker hosts ({@code ipc.worker.remote.*}) have no {@link IpcWorkerContext}:
		 * the group numbers them only when they join, so they answer with index -1.
		 */
		@Autowired
		CalcWorker(Environment environment, ObjectProvider<IpcWorkerContext> worker) {
			this(environment, worker.getIfAvailable());
		}

		CalcWorker(Environment environment, @Nullable IpcWorkerContext worker) {
			this.environment = environment;
			this.index = (worker != null) ? worker.index() : -1;
		}

		@PostConstruct
		void begin() {
			this.pid = ProcessHandle.current().pid();
		}

		@Override
		public CalcResult handle(CalcRequest request) throws Exception {
			return switch (request.op()) {
				case "add" -> new CalcResult(request.a() + request.b(), this.pid, this.index, null);
				case "fail" -> throw new IllegalStateException("cannot compute " + request.a());
				case "sleep" -> {
					Thread.sleep(request.b());
					yield new CalcResult(request.a(), this.pid, this.index, null);
				}
				case "property" ->
					new CalcResult(0, this.pid, this.index, this.environment.getProperty(request.text()));
				case "profiles" ->
					new CalcResult(0, this.pid, this.index, String.join(",", this.environment.getActiveProfiles()));
				case "null" -> null;
				case "big" -> new CalcResult(request.b(), this.pid, this.index, "x".repeat((int) request.b()));
				case "oom" -> {
					List<long[]> hog = new ArrayList<>();
					while (true) {
						hog.add(new long[2 * 1024 * 1024]);
					}
				}
				case "crash-once" -> {
					// Dies on the first attempt only: the marker file tells a retry
					// apart.
					Path marker = Path.of(request.text());
					if (Files.notExists(marker)) {
						Files.createFile(marker);
						System.err.println("crash-once: first attempt, exiting");
						Runtime.getRuntime().halt(13);
					}
					yield new CalcResult(request.a(), this.pid, this.index, "second attempt");
				}
				case "exit" -> {
					System.err.println("calc worker exits on request with code " + request.a());
					System.exit((int) request.a());
					yield null;
				}
				default -> throw new IllegalArgumentException("unknown op " + request.op());
			};
		}

	}

	/**
	 * A request to the calc worker.
	 *
	 * @param op what to do
	 * @param a first operand
	 * @param b second operand, or a duration in milliseconds
	 * @param text a property name
	 */
	public record CalcRequest(String op, long a, long b, String text) {

		static CalcRequest add(long a, long b) {
			return new CalcRequest("add", a, b, "");
		}

	}

	/**
	 * A result of the calc worker.
	 *
	 * @param value the computed value
	 * @param pid the worker process that computed it
	 * @param worker the index of the worker that computed it, which tells workers apart
	 * in-process too, where they share the pid
	 * @param text a property value, when asked
	 */
	public record CalcResult(long value, long pid, int worker, String text) {

	}

	/**
	 * Streams numbered items: fails, pauses or reports its progress to a file on demand,
	 * and marks a file when its stream is closed.
	 */
	@IpcWorker(group = "counter")
	static class CounterWorker implements IpcStreamHandler<CountRequest, Item> {

		@Override
		public Stream<Item> handle(CountRequest request) {
			AtomicLong produced = new AtomicLong();
			return LongStream.range(0, request.count()).mapToObj((index) -> {
				if (index == request.failAt()) {
					throw new IllegalStateException("failed at item " + index);
				}
				if (index == request.delayAt()) {
					sleep(request.delayMs());
				}
				long count = produced.incrementAndGet();
				if (!request.progressFile().isEmpty()) {
					write(request.progressFile(), Long.toString(count));
				}
				return new Item(index, count);
			}).onClose(() -> {
				if (!request.closedMarker().isEmpty()) {
					write(request.closedMarker(), "closed after " + produced.get());
				}
			});
		}

		private static void sleep(long ms) {
			try {
				Thread.sleep(ms);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		private static void write(String file, String content) {
			try {
				Path target = Path.of(file);
				Path temporary = Path.of(file + ".tmp");
				Files.writeString(temporary, content);
				Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

	/**
	 * A request to the counter worker.
	 *
	 * @param count how many items to stream
	 * @param failAt the index of the item that fails, or -1
	 * @param delayAt the index of the item produced late, or -1
	 * @param delayMs how late
	 * @param progressFile a file that holds the number of items produced, or empty
	 * @param closedMarker a file written when the stream is closed, or empty
	 */
	public record CountRequest(long count, long failAt, long delayAt, long delayMs, String progressFile,
			String closedMarker) {

		static CountRequest of(long count) {
			return new CountRequest(count, -1, -1, 0, "", "");
		}

	}

	/**
	 * One streamed item.
	 *
	 * @param index its position in the stream
	 * @param produced how many items the worker had produced when it made this one
	 */
	public record Item(long index, long produced) {

	}

}
