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

import io.github.ipcworker.IpcHandler;
import io.github.ipcworker.IpcWorker;
import jakarta.annotation.PostConstruct;

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
@Import({ EndToEndApplication.EchoWorker.class, EndToEndApplication.CalcWorker.class })
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

		private long pid;

		CalcWorker(Environment environment) {
			this.environment = environment;
		}

		@PostConstruct
		void begin() {
			this.pid = ProcessHandle.current().pid();
		}

		@Override
		public CalcResult handle(CalcRequest request) throws Exception {
			return switch (request.op()) {
				case "add" -> new CalcResult(request.a() + request.b(), this.pid, null);
				case "fail" -> throw new IllegalStateException("cannot compute " + request.a());
				case "sleep" -> {
					Thread.sleep(request.b());
					yield new CalcResult(request.a(), this.pid, null);
				}
				case "property" -> new CalcResult(0, this.pid, this.environment.getProperty(request.text()));
				case "profiles" -> new CalcResult(0, this.pid,
						String.join(",", this.environment.getActiveProfiles()));
				case "null" -> null;
				case "big" -> new CalcResult(request.b(), this.pid, "x".repeat((int) request.b()));
				case "oom" -> {
					List<long[]> hog = new ArrayList<>();
					while (true) {
						hog.add(new long[2 * 1024 * 1024]);
					}
				}
				case "crash-once" -> {
					// Dies on the first attempt only: the marker file tells a retry apart.
					Path marker = Path.of(request.text());
					if (Files.notExists(marker)) {
						Files.createFile(marker);
						System.err.println("crash-once: first attempt, exiting");
						Runtime.getRuntime().halt(13);
					}
					yield new CalcResult(request.a(), this.pid, "second attempt");
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
	 * @param text a property value, when asked
	 */
	public record CalcResult(long value, long pid, String text) {

	}

}
