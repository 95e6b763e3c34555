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
package io.github.ipcworker.child;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.github.ipcworker.protocol.Frame;
import io.github.ipcworker.transport.ChildLink;
import io.github.ipcworker.transport.LinkClosedException;
import org.jspecify.annotations.Nullable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@link ChildLink} over two in-memory queues, for driving a {@link WorkerRuntime} from
 * a test as its parent would: frames put in {@link #toWorker} are received in order,
 * frames the worker sends land in {@link #fromWorker}.
 */
class QueueChildLink implements ChildLink {

	final BlockingQueue<Frame> toWorker = new LinkedBlockingQueue<>();

	final BlockingQueue<Frame> fromWorker = new LinkedBlockingQueue<>();

	private volatile boolean closed;

	@Override
	public @Nullable Frame receive(long timeoutNs) throws InterruptedException {
		checkOpen();
		return this.toWorker.poll(timeoutNs, TimeUnit.NANOSECONDS);
	}

	@Override
	public @Nullable Frame poll() {
		checkOpen();
		return this.toWorker.poll();
	}

	@Override
	public void send(Frame frame) {
		checkOpen();
		this.fromWorker.add(frame);
	}

	@Override
	public void onBadFrame(BadFrameListener listener) {
	}

	@Override
	public void close() {
		this.closed = true;
	}

	/**
	 * Waits for the worker's next frame.
	 * @param timeoutMs how long to wait, in milliseconds
	 * @return the frame
	 * @throws InterruptedException when interrupted
	 */
	Frame take(long timeoutMs) throws InterruptedException {
		Frame frame = this.fromWorker.poll(timeoutMs, TimeUnit.MILLISECONDS);
		assertThat(frame).as("frame from the worker within %d ms", timeoutMs).isNotNull();
		return frame;
	}

	private void checkOpen() {
		if (this.closed) {
			throw new LinkClosedException("test link is closed");
		}
	}

}
