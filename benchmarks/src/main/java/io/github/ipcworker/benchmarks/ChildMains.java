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
package io.github.ipcworker.benchmarks;

import java.io.IOException;

/**
 * Helpers for the mains the benchmarks start in JVMs of their own.
 */
final class ChildMains {

	private ChildMains() {
	}

	/**
	 * Ends this JVM when its standard input reaches end-of-file: the parent closed it, or
	 * died. Without it an echo that spins for ever would outlive a killed benchmark.
	 */
	static void exitWhenParentCloses() {
		Thread watcher = new Thread(() -> {
			try {
				while (System.in.read() != -1) {
					// Nothing is sent; only the end matters.
				}
			}
			catch (IOException ex) {
				// The same as end-of-file.
			}
			Runtime.getRuntime().halt(0);
		}, "bench-parent-watcher");
		watcher.setDaemon(true);
		watcher.start();
	}

}
