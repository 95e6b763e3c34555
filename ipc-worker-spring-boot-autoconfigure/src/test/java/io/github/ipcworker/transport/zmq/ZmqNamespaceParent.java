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

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.github.ipcworker.transport.RecordingFrameListener;
import io.github.ipcworker.protocol.Frame;
import io.github.ipcworker.protocol.FrameType;
import io.github.ipcworker.transport.WorkerLink;

/**
 * A group's end for tests that run it in a network namespace of their own: reads its
 * settings (bind endpoint and keys) from its standard input, accepts one remote worker,
 * makes one round trip with it, and reports on its standard output, one line each:
 * {@code LISTENING <endpoint>}, then {@code JOINED <address>} and
 * {@code ROUNDTRIP <payload>}, or {@code FAILED <why>}. Exits 0 after a round trip.
 */
public final class ZmqNamespaceParent {

	private static final long TIMEOUT_MS = 60_000L;

	private ZmqNamespaceParent() {
	}

	/**
	 * Runs the group's end.
	 * @param args none
	 * @throws Exception on failure
	 */
	public static void main(String[] args) throws Exception {
		Properties settings = readSettings();
		ZmqOptions options = ZmqOptions.defaults()
			.withCurve(
					new CurveKeys(settings.getProperty("server-public-key"), settings.getProperty("server-secret-key")),
					Set.of(settings.getProperty("authorized-key")))
			.withBindEndpoint(settings.getProperty("bind"));
		int status = 1;
		try (ZmqTransport transport = new ZmqTransport("netns", options)) {
			BlockingQueue<Object[]> joined = new LinkedBlockingQueue<>();
			transport.acceptRemoteWorkers((link, address) -> joined.add(new Object[] { link, address }));
			report("LISTENING " + transport.endpoint());
			Object[] worker = joined.poll(TIMEOUT_MS, TimeUnit.MILLISECONDS);
			if (worker == null) {
				report("FAILED no worker joined");
				return;
			}
			WorkerLink link = (WorkerLink) worker[0];
			report("JOINED " + worker[1]);
			RecordingFrameListener listener = new RecordingFrameListener();
			link.start(listener);
			Frame ready = listener.frames.poll(TIMEOUT_MS, TimeUnit.MILLISECONDS);
			if (ready == null || ready.type() != FrameType.READY) {
				report("FAILED no READY: " + ready);
				return;
			}
			byte[] payload = "over a veth link".getBytes(StandardCharsets.UTF_8);
			link.send(Frame.of(FrameType.REQUEST, 0, 0, 1L, payload), Duration.ofSeconds(10));
			Frame response = listener.frames.poll(TIMEOUT_MS, TimeUnit.MILLISECONDS);
			if (response == null || response.type() != FrameType.RESPONSE) {
				report("FAILED no response: " + response);
				return;
			}
			report("ROUNDTRIP " + new String(response.payload(), StandardCharsets.UTF_8));
			link.send(Frame.of(FrameType.SHUTDOWN, 0, 0L), Duration.ofSeconds(10));
			listener.closed.get(10, TimeUnit.SECONDS);
			link.close();
			status = 0;
		}
		finally {
			System.out.flush();
			System.exit(status);
		}
	}

	private static Properties readSettings() throws IOException {
		DataInputStream in = new DataInputStream(System.in);
		byte[] text = in.readNBytes(in.readInt());
		Properties settings = new Properties();
		settings.load(new ByteArrayInputStream(text));
		return settings;
	}

	private static void report(String line) {
		System.out.println(line);
		System.out.flush();
	}

}
