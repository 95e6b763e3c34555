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

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.github.ipcworker.protocol.Frame;
import io.github.ipcworker.protocol.FrameType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A producer thread and a consumer thread pass frames of random sizes, some several times
 * larger than the ring, through a {@link OneToOneRing}; every frame must arrive whole and
 * in order.
 */
class OneToOneRingStressTests {

	private static final int CAPACITY = 64 * 1024;

	private static final int OFFSET = 192;

	private static final int MESSAGES = 300_000;

	private static final int MAX_MESSAGE_SIZE = 4 * CAPACITY;

	private static final long SEED = 20260101L;

	@Test
	@Timeout(value = 60, unit = TimeUnit.SECONDS)
	void shouldPassEveryFrameWholeAndInOrderBetweenTwoThreads() throws Exception {
		ByteBuffer buffer = ByteBuffer.allocateDirect(OFFSET + RingDescriptor.ringLength(CAPACITY));
		OneToOneRing producerRing = new OneToOneRing(buffer, OFFSET, CAPACITY);
		OneToOneRing consumerRing = new OneToOneRing(buffer, OFFSET, CAPACITY);
		AtomicReference<Throwable> failure = new AtomicReference<>();
		Checker checker = new Checker();
		FrameAssembler assembler = new FrameAssembler(MAX_MESSAGE_SIZE, null, checker);
		Thread consumer = new Thread(() -> {
			try {
				while (checker.received < MESSAGES && failure.get() == null) {
					if (consumerRing.read(assembler) == 0) {
						Thread.yield();
					}
				}
			}
			catch (Throwable ex) {
				failure.compareAndSet(null, ex);
			}
		}, "ring-stress-consumer");
		Thread producer = new Thread(() -> {
			try {
				FrameFragmenter fragmenter = new FrameFragmenter(producerRing, MAX_MESSAGE_SIZE, null);
				SplittableRandom sizes = new SplittableRandom(SEED);
				for (int i = 0; i < MESSAGES && failure.get() == null; i++) {
					fragmenter.begin(Frame.of(FrameType.REQUEST, 0, 0, i, payload(i, size(sizes))));
					while (!fragmenter.writeAvailable()) {
						if (failure.get() != null) {
							return;
						}
						Thread.yield();
					}
				}
			}
			catch (Throwable ex) {
				failure.compareAndSet(null, ex);
			}
		}, "ring-stress-producer");
		consumer.start();
		producer.start();
		producer.join(TimeUnit.SECONDS.toMillis(50));
		consumer.join(TimeUnit.SECONDS.toMillis(5));
		boolean stillRunning = producer.isAlive() || consumer.isAlive();
		if (stillRunning) {
			failure.compareAndSet(null, new AssertionError("threads did not finish"));
			producer.join(1000);
			consumer.join(1000);
		}
		assertThat(failure.get()).isNull();
		assertThat(checker.received).isEqualTo(MESSAGES);
		assertThat(checker.largerThanRing).isGreaterThan(0);
		assertThat(consumerRing.headPosition()).isEqualTo(producerRing.tailPosition());
	}

	private static int size(SplittableRandom random) {
		int kind = random.nextInt(1000);
		if (kind == 0) {
			return random.nextInt(CAPACITY, MAX_MESSAGE_SIZE - 64);
		}
		if (kind < 20) {
			return random.nextInt(CAPACITY / 4, CAPACITY);
		}
		return random.nextInt(0, 600);
	}

	private static byte[] payload(long sequence, int length) {
		byte[] payload = new byte[length];
		for (int i = 0; i < length; i++) {
			payload[i] = (byte) (sequence * 31 + i);
		}
		return payload;
	}

	private static final class Checker implements FrameAssembler.FrameSink {

		private final SplittableRandom sizes = new SplittableRandom(SEED);

		private volatile int received;

		private int largerThanRing;

		@Override
		public boolean onFrame(Frame frame) {
			long expected = this.received;
			if (frame.requestId() != expected) {
				throw new AssertionError("frame out of order: expected=" + expected + " got=" + frame);
			}
			int length = size(this.sizes);
			byte[] payload = frame.payload();
			if (payload.length != length) {
				throw new AssertionError("wrong length: expected=" + length + " got=" + frame);
			}
			for (int i = 0; i < length; i++) {
				if (payload[i] != (byte) (expected * 31 + i)) {
					throw new AssertionError("wrong byte " + i + " in " + frame);
				}
			}
			if (length > CAPACITY) {
				this.largerThanRing++;
			}
			this.received++;
			return true;
		}

		@Override
		public void onBadFrame(long requestId, RuntimeException problem) {
			throw new AssertionError("bad frame " + requestId, problem);
		}

	}

}
