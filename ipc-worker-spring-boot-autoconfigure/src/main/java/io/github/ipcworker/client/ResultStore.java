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
package io.github.ipcworker.client;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import io.github.ipcworker.IpcException;
import io.github.ipcworker.IpcTimeoutException;
import io.github.ipcworker.IpcUnknownRequestException;
import io.github.ipcworker.codec.PayloadCodec.Payload;
import io.github.ipcworker.pool.WorkerGroup;
import org.jspecify.annotations.Nullable;

/**
 * Holds the answers of requests sent with {@code put} until {@code get} collects them, or
 * until they have waited {@code result-retention} uncollected. Forgetting happens lazily,
 * on later calls, so an idle application spends nothing on it.
 */
final class ResultStore {

	private static final long SWEEP_INTERVAL_NS = TimeUnit.SECONDS.toNanos(1);

	private final Map<Long, Held> held = new ConcurrentHashMap<>();

	private final Duration retention;

	private final AtomicLong lastSweepNs = new AtomicLong(System.nanoTime());

	ResultStore(Duration retention) {
		this.retention = retention;
	}

	void hold(WorkerGroup group, WorkerGroup.Pending pending) {
		sweep();
		Held entry = new Held(group, pending);
		this.held.put(pending.requestId(), entry);
		pending.answer().whenComplete((value, failure) -> entry.completedAtNs = System.nanoTime());
	}

	@Nullable Object collect(long requestId, Type type, @Nullable Duration timeout) {
		sweep();
		Held entry = this.held.get(requestId);
		if (entry == null) {
			throw new IpcUnknownRequestException(requestId, this.retention);
		}
		Duration wait = (timeout != null) ? timeout : entry.group.settings().requestTimeout();
		Object answer;
		try {
			answer = entry.pending.answer().get(wait.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			// Still running: the answer stays for a later get.
			throw new IpcTimeoutException(entry.group.name(), requestId, wait);
		}
		catch (ExecutionException ex) {
			this.held.remove(requestId);
			throw (ex.getCause() instanceof RuntimeException runtime) ? runtime
					: new IpcException(entry.group.name(), "Request " + requestId + " failed", ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IpcException(entry.group.name(), "Interrupted while waiting for request " + requestId, ex);
		}
		this.held.remove(requestId);
		return entry.group.decode((Payload) answer, type);
	}

	int size() {
		return this.held.size();
	}

	private void sweep() {
		long now = System.nanoTime();
		long last = this.lastSweepNs.get();
		if (now - last < SWEEP_INTERVAL_NS || !this.lastSweepNs.compareAndSet(last, now)) {
			return;
		}
		long retentionNs = this.retention.toNanos();
		this.held.values().removeIf((entry) -> entry.completedAtNs != 0 && now - entry.completedAtNs > retentionNs);
	}

	private static final class Held {

		final WorkerGroup group;

		final WorkerGroup.Pending pending;

		volatile long completedAtNs;

		Held(WorkerGroup group, WorkerGroup.Pending pending) {
			this.group = group;
			this.pending = pending;
		}

	}

}
