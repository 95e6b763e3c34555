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
package io.github.ipcworker.transport;

import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.ipcworker.protocol.Frame;
import io.github.ipcworker.transport.FrameListener;
import org.jspecify.annotations.Nullable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@link FrameListener} that records what it is told, for tests.
 */
public class RecordingFrameListener implements FrameListener {

	public final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();

	public final BlockingQueue<Long> badRequestIds = new LinkedBlockingQueue<>();

	public final BlockingQueue<RuntimeException> badFrameProblems = new LinkedBlockingQueue<>();

	public final CompletableFuture<Optional<Throwable>> closed = new CompletableFuture<>();

	public final AtomicInteger closedCalls = new AtomicInteger();

	@Override
	public void onFrame(Frame frame) {
		this.frames.add(frame);
	}

	@Override
	public void onBadFrame(long requestId, RuntimeException problem) {
		this.badFrameProblems.add(problem);
		this.badRequestIds.add(requestId);
	}

	@Override
	public void onClosed(@Nullable Throwable cause) {
		this.closedCalls.incrementAndGet();
		this.closed.complete(Optional.ofNullable(cause));
	}

	/**
	 * Waits for the next frame.
	 * @param timeoutMs how long to wait, in milliseconds
	 * @return the frame
	 * @throws InterruptedException when interrupted
	 */
	public Frame take(long timeoutMs) throws InterruptedException {
		Frame frame = this.frames.poll(timeoutMs, TimeUnit.MILLISECONDS);
		assertThat(frame).as("frame within %d ms", timeoutMs).isNotNull();
		return frame;
	}

	/**
	 * Waits for the next bad-frame report.
	 * @param timeoutMs how long to wait, in milliseconds
	 * @return the request id reported
	 * @throws InterruptedException when interrupted
	 */
	public long takeBadRequestId(long timeoutMs) throws InterruptedException {
		Long requestId = this.badRequestIds.poll(timeoutMs, TimeUnit.MILLISECONDS);
		assertThat(requestId).as("bad frame report within %d ms", timeoutMs).isNotNull();
		return requestId;
	}

}
