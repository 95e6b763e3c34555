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

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;

/**
 * A JVM the benchmarks start themselves, on this JVM's runtime and class path: the raw
 * ring's echo, a bare start of the application, the harness. Its output is copied to ours
 * with a prefix, except one marker line that {@link #awaitMarker} waits for, which may
 * carry a word after the marker, such as an endpoint (see {@link #markerArgument()}). Its
 * standard input stays open while it should live: every main started this way exits when
 * it reads end-of-file, so it cannot outlive its parent, however that ends.
 */
final class JavaProcess implements AutoCloseable {

	/** How long {@link #close()} waits for a polite exit before it kills. */
	private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(10);

	private final Process process;

	private final String name;

	private final CompletableFuture<Long> marker = new CompletableFuture<>();

	private final @Nullable String markerLine;

	private volatile @Nullable String markerArgument;

	private JavaProcess(Process process, String name, @Nullable String markerLine) {
		this.process = process;
		this.name = name;
		this.markerLine = markerLine;
		pump(process.getInputStream(), System.out, true);
		pump(process.getErrorStream(), System.err, false);
	}

	/**
	 * Starts a JVM.
	 * @param name a short name for its output lines
	 * @param mainClass the class to run
	 * @param jvmArgs options for the JVM
	 * @param args arguments for the main method
	 * @param markerLine the line the process writes when it is ready, or {@code null}
	 * @return the process
	 * @throws IOException when it cannot be started
	 */
	static JavaProcess start(String name, Class<?> mainClass, List<String> jvmArgs, List<String> args,
			@Nullable String markerLine) throws IOException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		String runId = System.getProperty(BenchmarkRunner.RUN_ID_PROPERTY);
		if (runId != null) {
			// On the command line, so that worker JVMs inherit it and the runner can find
			// them all.
			command.add("-D" + BenchmarkRunner.RUN_ID_PROPERTY + "=" + runId);
		}
		command.addAll(jvmArgs);
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(mainClass.getName());
		command.addAll(args);
		return new JavaProcess(new ProcessBuilder(command).start(), name, markerLine);
	}

	/**
	 * Returns the process id.
	 * @return the pid
	 */
	long pid() {
		return this.process.pid();
	}

	/**
	 * Returns the process.
	 * @return the process
	 */
	Process process() {
		return this.process;
	}

	/**
	 * Waits for the marker line.
	 * @param timeout how long to wait
	 * @return the {@link System#nanoTime()} at which the line was read
	 * @throws IllegalStateException when the process ends first or the time runs out
	 * @throws InterruptedException when interrupted
	 */
	long awaitMarker(Duration timeout) throws InterruptedException {
		try {
			return this.marker.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException(this.name + " did not write '" + this.markerLine + "' within " + timeout);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException(this.name + " ended before it wrote '" + this.markerLine + "'",
					ex.getCause());
		}
	}

	/**
	 * Waits for the process to end on its own.
	 * @param timeout how long to wait
	 * @return its exit code
	 * @throws IllegalStateException when it is still running after the timeout; it is
	 * killed then
	 * @throws InterruptedException when interrupted
	 */
	int waitFor(Duration timeout) throws InterruptedException {
		if (!this.process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
			close();
			throw new IllegalStateException(this.name + " did not finish within " + timeout + "; killed it");
		}
		return this.process.exitValue();
	}

	/**
	 * Asks the process to exit by closing its standard input, then kills it if it does
	 * not within a few seconds.
	 */
	@Override
	public void close() {
		try {
			this.process.getOutputStream().close();
		}
		catch (IOException ex) {
			// Gone already.
		}
		try {
			if (!this.process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				this.process.destroyForcibly();
				this.process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Returns what the marker line carried after the marker, once {@link #awaitMarker}
	 * has returned.
	 * @return the rest of the line, trimmed
	 * @throws IllegalStateException when the line carried nothing
	 */
	String markerArgument() {
		String argument = this.markerArgument;
		if (argument == null) {
			throw new IllegalStateException(this.name + " wrote '" + this.markerLine + "' with nothing after it");
		}
		return argument;
	}

	private boolean isMarker(String line) {
		return this.markerLine != null && !this.marker.isDone() && (line.equals(this.markerLine)
				|| (line.startsWith(this.markerLine) && line.charAt(this.markerLine.length()) == ' '));
	}

	private void pump(InputStream stream, PrintStream to, boolean watchForMarker) {
		Thread thread = new Thread(() -> {
			try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
				String line;
				while ((line = reader.readLine()) != null) {
					if (watchForMarker && isMarker(line)) {
						String argument = line.substring(this.markerLine.length()).trim();
						this.markerArgument = argument.isEmpty() ? null : argument;
						this.marker.complete(System.nanoTime());
					}
					else {
						to.println("[" + this.name + "] " + line);
					}
				}
			}
			catch (IOException ex) {
				// The process is gone.
			}
			if (watchForMarker) {
				this.marker.completeExceptionally(new IllegalStateException(this.name + " closed its output"));
			}
		}, "bench-" + this.name + (watchForMarker ? "-out" : "-err"));
		thread.setDaemon(true);
		thread.start();
	}

}
