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
package io.github.ipcworker.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * One running worker process: started with its {@link LaunchSpec} on standard input, its
 * output drained into the parent's log line by line (it would block once a pipe buffer
 * filled), and the last lines of its standard error kept for failure reports.
 * <p>
 * The parent holds the worker's standard input open for the worker's whole life and never
 * writes to it after the spec: the worker takes its end-of-file as the parent's death.
 */
public final class WorkerProcess {

	/** Logger of the lines worker processes write. */
	public static final String OUTPUT_LOG_NAME = "io.github.ipcworker.worker";

	/** How many lines of standard error are kept for failure reports. */
	public static final int ERROR_TAIL_LINES = 20;

	private static final Log outputLog = LogFactory.getLog(OUTPUT_LOG_NAME);

	private final Process process;

	private final String prefix;

	private final Instant startedAt;

	private final Deque<String> errorTail = new ArrayDeque<>(ERROR_TAIL_LINES);

	private final Deque<String> outputTail = new ArrayDeque<>(ERROR_TAIL_LINES);

	private final Thread outPump;

	private final Thread errPump;

	private final OutputStream stdin;

	private WorkerProcess(Process process, String name) {
		this.process = process;
		this.prefix = "[" + name + "] ";
		this.startedAt = Instant.now();
		this.stdin = process.getOutputStream();
		this.outPump = pump(process.getInputStream(), name + "-out", false);
		this.errPump = pump(process.getErrorStream(), name + "-err", true);
	}

	/**
	 * Starts a worker process and hands it its spec.
	 * @param command the command line
	 * @param spec the spec written to the process's standard input
	 * @param name the worker's name in logs and thread names, such as
	 * {@code thumbnails#0}
	 * @return the running process
	 * @throws IOException when the process cannot be started
	 */
	public static WorkerProcess start(List<String> command, LaunchSpec spec, String name) throws IOException {
		return start(command, Map.of(), spec, name);
	}

	/**
	 * Starts a worker process with environment variables of its own, and hands it its
	 * spec.
	 * @param command the command line
	 * @param environment variables set for the worker, on top of (or replacing) those it
	 * inherits from the parent
	 * @param spec the spec written to the process's standard input
	 * @param name the worker's name in logs and thread names, such as
	 * {@code thumbnails#0}
	 * @return the running process
	 * @throws IOException when the process cannot be started
	 */
	public static WorkerProcess start(List<String> command, Map<String, String> environment, LaunchSpec spec,
			String name) throws IOException {
		Process process = builder(command, environment).start();
		WorkerProcess worker = new WorkerProcess(process, name);
		try {
			spec.writeTo(worker.stdin);
		}
		catch (IOException ex) {
			// The process died at once; its output says why, the caller sees it exit.
			outputLog.debug(worker.prefix + "could not write the launch spec: " + ex);
		}
		return worker;
	}

	/**
	 * Prepares the start of a worker process: the parent's environment with the worker's
	 * own variables on top.
	 */
	static ProcessBuilder builder(List<String> command, Map<String, String> environment) {
		ProcessBuilder builder = new ProcessBuilder(command);
		builder.environment().putAll(environment);
		return builder;
	}

	/**
	 * Watches a process that was started elsewhere, the way {@link #start} watches its
	 * own: its output reaches the log, its exit can be awaited. For launchers of other
	 * kinds and for tests that stand in for a worker JVM.
	 * @param process the running process
	 * @param name the worker's name, as a log prefix
	 * @return the watched process
	 */
	public static WorkerProcess adopt(Process process, String name) {
		return new WorkerProcess(process, name);
	}

	private Thread pump(InputStream stream, String threadName, boolean error) {
		Thread thread = new Thread(() -> {
			try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, Charset.defaultCharset()))) {
				// Continuation lines (stack traces) keep the level of the line they
				// follow.
				Level level = error ? Level.WARN : Level.INFO;
				String line;
				while ((line = reader.readLine()) != null) {
					remember(error ? this.errorTail : this.outputTail, line);
					Level leading = Level.leading(line);
					if (leading != null) {
						level = leading;
					}
					level.log(this.prefix + line);
				}
			}
			catch (IOException ex) {
				outputLog.debug(this.prefix + "output closed: " + ex);
			}
		}, "ipc-worker-" + threadName);
		thread.setDaemon(true);
		thread.start();
		return thread;
	}

	/**
	 * The level a worker's line is logged at in the parent: the level the worker logged
	 * it at, when the line starts with one (as the worker's default pattern makes it).
	 */
	private enum Level {

		TRACE, DEBUG, INFO, WARN, ERROR;

		static @Nullable Level leading(String line) {
			int end = line.indexOf(' ');
			if (end < 4 || end > 5) {
				return null;
			}
			return switch (line.substring(0, end)) {
				case "TRACE" -> TRACE;
				case "DEBUG" -> DEBUG;
				case "INFO" -> INFO;
				case "WARN" -> WARN;
				case "ERROR" -> ERROR;
				default -> null;
			};
		}

		void log(String message) {
			switch (this) {
				case TRACE -> outputLog.trace(message);
				case DEBUG -> outputLog.debug(message);
				case INFO -> outputLog.info(message);
				case WARN -> outputLog.warn(message);
				case ERROR -> outputLog.error(message);
			}
		}

	}

	private static void remember(Deque<String> tail, String line) {
		synchronized (tail) {
			if (tail.size() == ERROR_TAIL_LINES) {
				tail.removeFirst();
			}
			tail.addLast(line);
		}
	}

	/**
	 * Returns the process id.
	 * @return the pid
	 */
	public long pid() {
		return this.process.pid();
	}

	/**
	 * Returns when the process was started.
	 * @return the start time
	 */
	public Instant startedAt() {
		return this.startedAt;
	}

	/**
	 * Returns whether the process is alive.
	 * @return whether it is alive
	 */
	public boolean isAlive() {
		return this.process.isAlive();
	}

	/**
	 * Returns a future completed when the process has exited.
	 * @return the future
	 */
	public CompletableFuture<Process> onExit() {
		return this.process.onExit();
	}

	/**
	 * Returns the exit code once the process has exited.
	 * @return the exit code, or {@code null} while it runs
	 */
	public @Nullable Integer exitCode() {
		return this.process.isAlive() ? null : this.process.exitValue();
	}

	/**
	 * Returns the last lines the process wrote to standard error. Waits briefly for the
	 * output of an exited process to be read to its end, so the lines are complete.
	 * @return the lines, oldest first
	 */
	public List<String> lastErrorLines() {
		if (!this.process.isAlive()) {
			joinQuietly(this.errPump, Duration.ofMillis(500));
		}
		synchronized (this.errorTail) {
			return new ArrayList<>(this.errorTail);
		}
	}

	/**
	 * Returns the last lines the process wrote to standard output, where the JVM reports
	 * an exit on {@code OutOfMemoryError}. Waits briefly for an exited process's output
	 * to be read to its end.
	 * @return the lines, oldest first
	 */
	public List<String> lastOutputLines() {
		if (!this.process.isAlive()) {
			joinQuietly(this.outPump, Duration.ofMillis(500));
		}
		synchronized (this.outputTail) {
			return new ArrayList<>(this.outputTail);
		}
	}

	/**
	 * Waits for the process to exit.
	 * @param timeout how long to wait at most
	 * @return whether it exited
	 * @throws InterruptedException when interrupted
	 */
	public boolean waitFor(Duration timeout) throws InterruptedException {
		return this.process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
	}

	/**
	 * Kills the process (SIGKILL on Unix) without waiting for it to go.
	 */
	public void destroyForcibly() {
		this.process.destroyForcibly();
	}

	/**
	 * Kills the process at once (SIGKILL on Unix) and waits a little for it to go.
	 */
	public void kill() {
		this.process.destroyForcibly();
		try {
			this.process.waitFor(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Releases what the parent holds for this process: closes its standard input (which
	 * also tells a still running worker to exit) and joins the output threads. Call after
	 * the process has exited or been killed.
	 */
	public void release() {
		try {
			this.stdin.close();
		}
		catch (IOException ex) {
			// Already gone with the process.
		}
		joinQuietly(this.outPump, Duration.ofSeconds(2));
		joinQuietly(this.errPump, Duration.ofSeconds(2));
	}

	private static void joinQuietly(Thread thread, Duration timeout) {
		try {
			thread.join(timeout.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public String toString() {
		return this.prefix.trim() + " pid " + pid();
	}

}
