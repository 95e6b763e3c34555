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
package io.github.ipcworker.pool;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A worker "process" that is only a state: alive until the test kills it or it is told to
 * exit. Its exit completes {@link #onExit()} on the thread that ended it.
 */
final class FakeProcess extends Process {

	private static final AtomicLong nextPid = new AtomicLong(100_000);

	private final long pid = nextPid.getAndIncrement();

	private final CompletableFuture<Process> exit = new CompletableFuture<>();

	private volatile int exitCode = -1;

	private volatile boolean stdinClosed;

	/** One standard input, as a real process has, so that its release can be seen. */
	private final OutputStream stdin = new OutputStream() {

		@Override
		public void write(int b) {
		}

		@Override
		public void close() {
			FakeProcess.this.stdinClosed = true;
		}

	};

	@Override
	public OutputStream getOutputStream() {
		return this.stdin;
	}

	/** Whether the parent closed this process's standard input: it released it. */
	boolean stdinClosed() {
		return this.stdinClosed;
	}

	@Override
	public InputStream getInputStream() {
		return InputStream.nullInputStream();
	}

	@Override
	public InputStream getErrorStream() {
		return InputStream.nullInputStream();
	}

	@Override
	public int waitFor() {
		return exitValue();
	}

	/**
	 * Whether {@link #waitFor(long, TimeUnit)} waits for the exit, as a real process's
	 * does; by default it answers at once, so that no test thread blocks on a fake.
	 */
	volatile boolean waits;

	@Override
	public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
		if (!this.waits) {
			return !isAlive();
		}
		try {
			this.exit.get(timeout, unit);
			return true;
		}
		catch (java.util.concurrent.TimeoutException ex) {
			return false;
		}
		catch (java.util.concurrent.ExecutionException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public int exitValue() {
		if (isAlive()) {
			throw new IllegalThreadStateException("alive");
		}
		return this.exitCode;
	}

	@Override
	public void destroy() {
		exit(143);
	}

	@Override
	public Process destroyForcibly() {
		exit(137);
		return this;
	}

	@Override
	public boolean isAlive() {
		return !this.exit.isDone();
	}

	@Override
	public long pid() {
		return this.pid;
	}

	@Override
	public CompletableFuture<Process> onExit() {
		return this.exit;
	}

	/** Ends the process with an exit code, once. */
	void exit(int code) {
		synchronized (this) {
			if (this.exit.isDone()) {
				return;
			}
			this.exitCode = code;
		}
		this.exit.complete(this);
	}

}
