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

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Records what a stream subscriber is told, and the threads it is told on. Its callbacks
 * are synchronized so that two ends racing on two threads are both counted, never lost.
 */
final class RecordingSubscriber implements StreamSubscriber {

	final List<@Nullable Object> items = new ArrayList<>();

	final List<Thread> threads = new ArrayList<>();

	boolean completed;

	@Nullable Throwable failure;

	int ends;

	@Override
	public synchronized void onItem(@Nullable Object item) {
		this.threads.add(Thread.currentThread());
		this.items.add(item);
	}

	@Override
	public synchronized void onComplete() {
		this.completed = true;
		this.ends++;
	}

	@Override
	public synchronized void onError(Throwable failure) {
		this.failure = failure;
		this.ends++;
	}

}
