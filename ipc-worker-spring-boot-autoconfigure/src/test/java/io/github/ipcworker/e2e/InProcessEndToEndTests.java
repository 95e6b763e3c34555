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

package io.github.ipcworker.e2e;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.List;

import io.github.ipcworker.transport.local.LocalTransport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The end-to-end behaviour in in-process mode, where each worker is a thread of this JVM.
 * The tests that need a worker to be a process of its own (a crash, an exhausted heap)
 * are in {@link AbstractProcessEndToEndTests}, which this class does not extend.
 */
class InProcessEndToEndTests extends AbstractEndToEndTests {

	@Override
	String transport() {
		return LocalTransport.NAME;
	}

	@Override
	List<String> modeArguments() {
		return List.of("--ipc.worker.mode=in-process");
	}

	@Override
	boolean inProcess() {
		return true;
	}

	/**
	 * Sums the CPU time of the groups' worker threads and their links' readers, all named
	 * after the worker: {@code ipc-worker-<group>#<index>}.
	 */
	@Override
	long workersCpuNanos(List<String> groups) {
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		assertThat(threads.isThreadCpuTimeSupported()).as("thread CPU time measurable").isTrue();
		long total = 0;
		int counted = 0;
		for (ThreadInfo thread : threads.getThreadInfo(threads.getAllThreadIds())) {
			if (thread != null && isWorkerThread(thread.getThreadName(), groups)) {
				long nanos = threads.getThreadCpuTime(thread.getThreadId());
				if (nanos >= 0) {
					total += nanos;
					counted++;
				}
			}
		}
		assertThat(counted).as("worker threads measured").isGreaterThanOrEqualTo(3);
		return total;
	}

	@Test
	void everyWorkerIsAThreadOfThisJvm() {
		assertThat(Leftovers.ipcWorkerThreads()).contains("ipc-worker-calc#0", "ipc-worker-calc#1", "ipc-worker-echo#0",
				"ipc-worker-counter#0");
		assertThat(this.ipc.group("calc").workers())
			.allSatisfy((worker) -> assertThat(worker.pid()).isEqualTo(ProcessHandle.current().pid()));
	}

	private static boolean isWorkerThread(String name, List<String> groups) {
		return groups.stream().anyMatch((group) -> name.startsWith("ipc-worker-" + group + "#"));
	}

}
