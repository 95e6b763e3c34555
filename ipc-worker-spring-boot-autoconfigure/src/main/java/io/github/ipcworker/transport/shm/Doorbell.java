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
package io.github.ipcworker.transport.shm;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

/**
 * One end of the Unix domain socket that wakes a reader sleeping on an empty ring.
 * Carries nothing but single bytes: {@link #RING} to wake the peer, {@link #GOODBYE}
 * before an orderly close. End of stream means the peer's process closed the socket or is
 * gone; the kernel closes it for a process that dies, even by {@code kill -9}.
 *
 * <p>
 * A worker first sends the doorbell key from the file's header (see
 * {@link ShmFileDescriptor}), so that the parent knows the peer is the worker that
 * attached. One thread at a time reads, under a lock; any thread may ring. The socket
 * never fills: a writer rings only after it took the reader's sleeping flag, and the
 * reader reads every pending byte each time it wakes.
 */
final class Doorbell implements Closeable {

	/** Byte that wakes the peer. */
	static final byte RING = 1;

	/** Byte sent before an orderly close. */
	static final byte GOODBYE = 2;

	private final SocketChannel channel;

	private final Selector selector;

	private final ReentrantLock readLock = new ReentrantLock();

	private final ByteBuffer readBuffer = ByteBuffer.allocate(64);

	private volatile boolean peerGone;

	private volatile boolean goodbyeReceived;

	private volatile @Nullable IOException failure;

	/**
	 * Wraps a connected socket, switching it to non-blocking mode.
	 * @param channel the connected socket
	 * @throws IOException when the selector cannot be opened
	 */
	Doorbell(SocketChannel channel) throws IOException {
		this.channel = channel;
		channel.configureBlocking(false);
		this.selector = Selector.open();
		try {
			channel.register(this.selector, SelectionKey.OP_READ);
		}
		catch (IOException | RuntimeException ex) {
			this.selector.close();
			throw ex;
		}
	}

	/**
	 * Sends the key that proves this end attached to the mapped file; the first thing a
	 * worker does on a new connection.
	 * @param channel the connected socket, still in blocking mode
	 * @param key the key from the file's header
	 * @throws IOException when the key cannot be sent
	 */
	static void sendKey(SocketChannel channel, long key) throws IOException {
		ByteBuffer bytes = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(0, key);
		while (bytes.hasRemaining()) {
			channel.write(bytes);
		}
	}

	/**
	 * Reads the key a new peer must send first.
	 * @param expectedKey the key from the file's header
	 * @param timeoutNs how long to wait for it, in nanoseconds
	 * @return whether the peer sent the expected key in time
	 * @throws IOException when the selector fails
	 * @throws java.nio.channels.ClosedSelectorException when this doorbell was closed
	 */
	boolean readKey(long expectedKey, long timeoutNs) throws IOException {
		ByteBuffer key = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
		long startNs = System.nanoTime();
		this.readLock.lock();
		try {
			while (key.hasRemaining()) {
				int count;
				try {
					count = this.channel.read(key);
				}
				catch (IOException ex) {
					// A peer that resets the connection sent no key either.
					return false;
				}
				if (count < 0) {
					return false;
				}
				long remainingNs = timeoutNs - (System.nanoTime() - startNs);
				if (count == 0) {
					if (remainingNs <= 0) {
						return false;
					}
					this.selector.select(selectTimeoutMs(remainingNs));
					this.selector.selectedKeys().clear();
				}
			}
		}
		finally {
			this.readLock.unlock();
		}
		return key.getLong(0) == expectedKey;
	}

	/**
	 * Wakes the peer.
	 */
	void ring() {
		send(RING);
	}

	/**
	 * Tells the peer that this end closes in order.
	 */
	void goodbye() {
		send(GOODBYE);
	}

	/**
	 * Sleeps until the peer rings, the peer is gone, {@link #wakeUp()} is called or the
	 * timeout passes, then reads every pending byte.
	 * @param timeoutNs how long to sleep at most, in nanoseconds; {@link Long#MAX_VALUE}
	 * for no limit
	 * @return {@code false} when the peer is gone
	 * @throws java.nio.channels.ClosedSelectorException when this doorbell was closed
	 */
	boolean await(long timeoutNs) throws IOException {
		this.readLock.lock();
		try {
			this.selector.select(selectTimeoutMs(timeoutNs));
			this.selector.selectedKeys().clear();
			return readPending() >= 0;
		}
		finally {
			this.readLock.unlock();
		}
	}

	/**
	 * Reads pending bytes without waiting, unless another thread is reading: then that
	 * thread will notice what there is to notice.
	 * @return {@code false} when the peer is known to be gone
	 */
	boolean check() {
		if (!this.readLock.tryLock()) {
			return !this.peerGone;
		}
		try {
			int count = readPending();
			if (count > 0) {
				// The bytes may have been meant for a thread about to sleep in await():
				// make its select return at once, so that it looks at the ring again.
				this.selector.wakeup();
			}
			return count >= 0;
		}
		finally {
			this.readLock.unlock();
		}
	}

	/**
	 * Makes a thread sleeping in {@link #await(long)} return, or the next call return at
	 * once.
	 */
	void wakeUp() {
		this.selector.wakeup();
	}

	/**
	 * Returns whether the peer closed its end or is gone.
	 * @return whether the peer is gone
	 */
	boolean peerGone() {
		return this.peerGone;
	}

	/**
	 * Returns whether the peer said goodbye before it went.
	 * @return whether the peer closed in order
	 */
	boolean goodbyeReceived() {
		return this.goodbyeReceived;
	}

	/**
	 * Returns the error that ended the connection, if reading or writing failed.
	 * @return the error, or {@code null}
	 */
	@Nullable IOException failure() {
		return this.failure;
	}

	/**
	 * Closes the socket. Idempotent; a thread sleeping in {@link #await(long)} returns.
	 */
	@Override
	public void close() {
		try {
			this.selector.close();
		}
		catch (IOException ex) {
			// Nothing to release beyond what close already did.
		}
		try {
			this.channel.close();
		}
		catch (IOException ex) {
			// Same.
		}
	}

	/**
	 * Converts a timeout for {@link Selector#select(long)}: rounded up to whole
	 * milliseconds, so that a sleeper never wakes before its deadline, and 0 (no limit)
	 * for {@link Long#MAX_VALUE}.
	 * @param timeoutNs the timeout in nanoseconds
	 * @return the timeout in milliseconds
	 */
	static long selectTimeoutMs(long timeoutNs) {
		if (timeoutNs == Long.MAX_VALUE) {
			return 0;
		}
		long timeoutMs = TimeUnit.NANOSECONDS.toMillis(timeoutNs);
		if (TimeUnit.MILLISECONDS.toNanos(timeoutMs) < timeoutNs) {
			timeoutMs++;
		}
		return Math.max(1, timeoutMs);
	}

	private int readPending() {
		int total = 0;
		try {
			while (true) {
				ByteBuffer bytes = this.readBuffer.clear();
				int count = this.channel.read(bytes);
				if (count < 0) {
					this.peerGone = true;
					return -1;
				}
				if (count == 0) {
					return total;
				}
				total += count;
				for (int i = 0; i < count; i++) {
					if (bytes.get(i) == GOODBYE) {
						this.goodbyeReceived = true;
					}
				}
			}
		}
		catch (IOException ex) {
			// Linux resets a connection that its peer closed with bytes unread.
			gone(ex);
			return -1;
		}
	}

	private void send(byte signal) {
		try {
			// Nothing written: the socket is full of unread wake-ups, so the peer wakes.
			this.channel.write(ByteBuffer.wrap(new byte[] { signal }));
		}
		catch (IOException ex) {
			gone(ex);
		}
	}

	private void gone(IOException ex) {
		if (this.channel.isOpen()) {
			this.failure = ex;
		}
		this.peerGone = true;
	}

}
