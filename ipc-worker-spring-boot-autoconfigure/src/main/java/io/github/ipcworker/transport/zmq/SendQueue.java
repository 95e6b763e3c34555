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
package io.github.ipcworker.transport.zmq;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import io.github.ipcworker.transport.LinkClosedException;
import org.jspecify.annotations.Nullable;

/**
 * The frames a link's senders have handed over and its I/O thread has not yet passed to
 * ZeroMQ: bounded, so that a peer that does not keep up makes senders wait, and in the
 * end time out, instead of filling the heap. Senders put, the I/O thread takes.
 */
final class SendQueue {

	private final int capacity;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition notFull = this.lock.newCondition();

	/** Guarded by {@link #lock}. */
	private final ArrayDeque<Outbound> messages = new ArrayDeque<>();

	/** Guarded by {@link #lock}; set once, when the link is closed or its peer gone. */
	private @Nullable LinkClosedException failure;

	/**
	 * Creates an empty queue.
	 * @param capacity how many messages it holds
	 */
	SendQueue(int capacity) {
		this.capacity = capacity;
	}

	/**
	 * Adds a message, waiting for room.
	 * @param message the message
	 * @param timeoutNs how long to wait for room, in nanoseconds
	 * @param what what is sent where, for the timeout's message
	 * @throws LinkClosedException when the queue is closed, before or while waiting
	 * @throws TimeoutException when no room was found in time
	 * @throws InterruptedException when interrupted while waiting
	 */
	void put(Outbound message, long timeoutNs, String what) throws TimeoutException, InterruptedException {
		this.lock.lockInterruptibly();
		try {
			long remainingNs = timeoutNs;
			while (true) {
				LinkClosedException failure = this.failure;
				if (failure != null) {
					// A new exception per sender, so that each shows its own stack.
					throw new LinkClosedException(failure.getMessage(), failure);
				}
				if (this.messages.size() < this.capacity) {
					this.messages.addLast(message);
					return;
				}
				if (remainingNs <= 0) {
					throw new TimeoutException("no room to send " + what + " within "
							+ TimeUnit.NANOSECONDS.toMillis(timeoutNs) + " ms: the peer does not keep up");
				}
				remainingNs = this.notFull.awaitNanos(remainingNs);
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Adds a message if there is room, without waiting.
	 * @param message the message
	 * @return whether it was added
	 * @throws LinkClosedException when the queue is closed
	 */
	boolean offer(Outbound message) {
		this.lock.lock();
		try {
			LinkClosedException failure = this.failure;
			if (failure != null) {
				throw new LinkClosedException(failure.getMessage(), failure);
			}
			if (this.messages.size() >= this.capacity) {
				return false;
			}
			this.messages.addLast(message);
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Hands queued messages in order to the I/O thread's sender until it refuses one.
	 * @param sender sends one message and says what became of it
	 * @return the result for the first message not sent, or {@code SENT} when the queue
	 * is empty
	 */
	ZmqMessages.SendResult flush(Function<Outbound, ZmqMessages.SendResult> sender) {
		this.lock.lock();
		try {
			boolean taken = false;
			try {
				Outbound message;
				while ((message = this.messages.peekFirst()) != null) {
					ZmqMessages.SendResult result = sender.apply(message);
					if (result != ZmqMessages.SendResult.SENT) {
						return result;
					}
					this.messages.removeFirst();
					taken = true;
				}
				return ZmqMessages.SendResult.SENT;
			}
			finally {
				if (taken) {
					this.notFull.signalAll();
				}
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Returns whether messages wait.
	 * @return whether the queue holds any
	 */
	boolean isEmpty() {
		this.lock.lock();
		try {
			return this.messages.isEmpty();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Drops what waits and fails waiting and later senders. Only the first call counts.
	 * @param failure what senders are told
	 */
	void close(LinkClosedException failure) {
		this.lock.lock();
		try {
			if (this.failure == null) {
				this.failure = failure;
				this.messages.clear();
				this.notFull.signalAll();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * A message waiting to be sent: a frame's two parts.
	 *
	 * @param header the header part
	 * @param payload the payload part
	 */
	record Outbound(byte[] header, byte[] payload) {

	}

}
