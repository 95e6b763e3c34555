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

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.ipcworker.protocol.Frame;
import io.github.ipcworker.protocol.FrameDescriptor;
import io.github.ipcworker.protocol.FrameType;
import io.github.ipcworker.protocol.ReadyInfo;
import io.github.ipcworker.transport.ChildLink;
import io.github.ipcworker.transport.LinkClosedException;
import io.github.ipcworker.transport.WorkerLink;

/**
 * A worker process for tests: attaches to the shared-memory link named on its command
 * line ({@code <file> <socket>}), sends READY, then echoes every frame back as a RESPONSE
 * until it receives SHUTDOWN or the parent is gone. It also exits when its standard input
 * ends, which is when the test JVM that holds the pipe is gone.
 */
public final class ShmEchoWorker {

	private ShmEchoWorker() {
	}

	/**
	 * Runs the worker.
	 * @param args the mapped file and the doorbell socket
	 * @throws Exception when the link cannot be connected
	 */
	public static void main(String[] args) throws Exception {
		Thread parentWatch = new Thread(ShmEchoWorker::exitWhenStdinEnds, "parent-watch");
		parentWatch.setDaemon(true);
		parentWatch.start();
		Map<String, String> settings = Map.of(WorkerLink.TRANSPORT_KEY, ShmTransport.NAME, ShmChildLink.FILE_KEY,
				args[0], ShmChildLink.SOCKET_KEY, args[1], ShmChildLink.GROUP_KEY, "echo");
		try (ChildLink link = ShmChildLink.connect(settings)) {
			byte[] ready = new ReadyInfo(FrameDescriptor.PROTOCOL_VERSION, ProcessHandle.current().pid(), false)
				.encode();
			link.send(Frame.of(FrameType.READY, 0, 0, 0L, ready));
			while (true) {
				Frame frame = link.receive(TimeUnit.SECONDS.toNanos(1));
				if (frame == null) {
					continue;
				}
				if (frame.type() == FrameType.SHUTDOWN) {
					return;
				}
				link.send(new Frame(FrameType.RESPONSE, frame.flags(), frame.workerIndex(), frame.requestId(),
						frame.sequence(), 0L, frame.payload()));
			}
		}
		catch (LinkClosedException ex) {
			// The parent is gone: so is the worker.
		}
	}

	private static void exitWhenStdinEnds() {
		try {
			while (System.in.read() >= 0) {
				// Nothing is sent on stdin; it only tells that the parent lives.
			}
		}
		catch (IOException ex) {
			// Same as the end of the stream.
		}
		Runtime.getRuntime().halt(3);
	}

}
