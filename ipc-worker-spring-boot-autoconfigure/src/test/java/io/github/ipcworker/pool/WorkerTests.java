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

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import io.github.ipcworker.process.WorkerProcess;
import io.github.ipcworker.protocol.Frame;
import io.github.ipcworker.protocol.FrameType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One worker incarnation: how it names itself, where its pid and start come from, and
 * that what its link reports reaches the group.
 */
class WorkerTests {

	private final FakeWorkers workers = new FakeWorkers();

	private final List<String> events = new ArrayList<>();

	private final Worker.Events recorder = new Worker.Events() {

		@Override
		public void onFrame(Worker worker, Frame frame) {
			WorkerTests.this.events.add(worker.name + " frame " + frame.type());
		}

		@Override
		public void onBadFrame(Worker worker, long requestId, RuntimeException problem) {
			WorkerTests.this.events.add(worker.name + " bad " + requestId + " " + problem.getMessage());
		}

		@Override
		public void onLost(Worker worker, String how) {
			WorkerTests.this.events.add(worker.name + " lost: " + how);
		}

	};

	@Test
	void aLaunchedWorkerTakesPidAndStartFromItsProcess() {
		Worker worker = new Worker("pool", 2, this.workers.open(2), null, 0, this.recorder);
		assertThat(worker.pid()).isEqualTo(-1);
		assertThat(worker.startedAt()).as("no process yet").isNull();
		assertThat(worker).hasToString("pool#2 (pid -1)");
		FakeProcess process = new FakeProcess();
		WorkerProcess watched = WorkerProcess.adopt(process, "pool#2");
		worker.process = watched;
		try {
			assertThat(worker.isRemote()).isFalse();
			assertThat(worker.pid()).isEqualTo(process.pid());
			assertThat(worker.startedAt()).isEqualTo(watched.startedAt());
			assertThat(worker).hasToString("pool#2 (pid " + process.pid() + ")");
		}
		finally {
			process.exit(0);
			watched.release();
		}
	}

	@Test
	void aWorkerThatJoinedTakesPidFromItsReadyFrameAndStartFromItsJoining() {
		Worker worker = new Worker("pool", 5, this.workers.open(5), "10.0.0.9:5555", 0, this.recorder);
		worker.remotePid = 4242;
		assertThat(worker.isRemote()).isTrue();
		assertThat(worker.pid()).isEqualTo(4242);
		assertThat(worker.startedAt()).isEqualTo(worker.joinedAt);
		assertThat(worker).hasToString("pool#5 (pid 4242 at 10.0.0.9:5555)");
	}

	@Test
	void whatItsLinkReportsReachesTheGroup() {
		Worker worker = new Worker("pool", 0, this.workers.open(0), null, 0, this.recorder);
		worker.onFrame(Frame.of(FrameType.HEARTBEAT, 0, 0));
		worker.onBadFrame(9, new IllegalArgumentException("garbled"));
		worker.onClosed(new IOException("connection reset"));
		worker.onClosed(null);
		assertThat(this.events).containsExactly("pool#0 frame HEARTBEAT", "pool#0 bad 9 garbled",
				"pool#0 lost: closed its link: java.io.IOException: connection reset", "pool#0 lost: closed its link");
	}

}
