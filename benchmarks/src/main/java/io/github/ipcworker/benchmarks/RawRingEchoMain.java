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
import java.nio.file.Path;

import io.github.ipcworker.transport.shm.RawRingPeer;

/**
 * The other end of the raw ring: receives each message and sends it straight back,
 * spinning in between, until the zero-length stop message or the end of its standard
 * input.
 */
public final class RawRingEchoMain {

	/** The line written once the ring is attached. */
	public static final String ATTACHED = "@bench-attached";

	private RawRingEchoMain() {
	}

	/**
	 * Echoes.
	 * @param args the link's file, then the largest message in bytes
	 * @throws IOException when the file cannot be attached
	 */
	public static void main(String[] args) throws IOException {
		ChildMains.exitWhenParentCloses();
		RawRingPeer peer = RawRingPeer.attach(Path.of(args[0]));
		System.out.println(ATTACHED);
		System.out.flush();
		byte[] message = new byte[Integer.parseInt(args[1])];
		int length;
		while ((length = peer.receive(message, Long.MAX_VALUE)) > 0) {
			// The parent sends the next request only after this answer: no deadline
			// needed.
			peer.send(message, length, Long.MAX_VALUE);
		}
		System.exit(0);
	}

}
