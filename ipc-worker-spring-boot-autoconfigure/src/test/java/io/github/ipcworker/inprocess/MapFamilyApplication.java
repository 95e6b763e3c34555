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
package io.github.ipcworker.inprocess;

import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import io.github.ipcworker.IpcHandler;
import io.github.ipcworker.IpcStreamHandler;
import io.github.ipcworker.IpcWorker;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The application of the map family's in-process tests: a squaring worker that can be
 * slow or fail on demand, and a ticking stream worker that can be slow at one item. What
 * they record is static, so the tests can see it; the tests run one at a time.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({ MapFamilyApplication.SquareWorker.class, MapFamilyApplication.TickWorker.class })
public class MapFamilyApplication {

	/** Tasks the square handler has started. */
	static final AtomicLong handled = new AtomicLong();

	/** Squares a number, after sleeping, or fails. */
	@IpcWorker(group = "squares", workers = 2)
	static class SquareWorker implements IpcHandler<Task, Long> {

		@Override
		public Long handle(Task task) throws Exception {
			handled.incrementAndGet();
			if (task.sleepMs() > 0) {
				Thread.sleep(task.sleepMs());
			}
			if (task.fail()) {
				throw new IllegalStateException("cannot square " + task.value());
			}
			return task.value() * task.value();
		}

	}

	/** Streams numbers, slowly at one of them. */
	@IpcWorker(group = "ticks", workers = 1)
	static class TickWorker implements IpcStreamHandler<Tick, Long> {

		@Override
		public Stream<Long> handle(Tick tick) {
			return LongStream.range(0, tick.count()).mapToObj((i) -> {
				if (i == tick.slowAt()) {
					try {
						Thread.sleep(tick.slowMs());
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
				}
				return i;
			});
		}

	}

	/**
	 * A number to square.
	 *
	 * @param value the number
	 * @param sleepMs how long the handler sleeps first
	 * @param fail whether the handler fails instead of answering
	 */
	public record Task(long value, long sleepMs, boolean fail) {

		static Task quick(long value) {
			return new Task(value, 0, false);
		}

	}

	/**
	 * Ticks to stream.
	 *
	 * @param count how many items
	 * @param slowAt the item before which the handler sleeps, or -1
	 * @param slowMs how long it sleeps
	 */
	public record Tick(long count, long slowAt, long slowMs) {

	}

}
