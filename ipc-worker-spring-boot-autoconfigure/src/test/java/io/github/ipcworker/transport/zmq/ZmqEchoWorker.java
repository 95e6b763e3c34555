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
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import io.github.ipcworker.protocol.Frame;
import io.github.ipcworker.protocol.FrameDescriptor;
import io.github.ipcworker.protocol.FrameType;
import io.github.ipcworker.protocol.ReadyInfo;
import io.github.ipcworker.transport.ChildLink;
import io.github.ipcworker.transport.LinkClosedException;

/**
 * A worker process for tests: reads its link settings from its standard input (as the
 * real worker reads its launch specification, so that keys never show on a command line),
 * connects, sends READY, then echoes every frame back as a RESPONSE until it receives
 * SHUTDOWN or the parent is gone. It also exits when its standard input ends, which is
 * when the JVM that holds the pipe is gone.
 */
public final class ZmqEchoWorker {

	private ZmqEchoWorker() {
	}

	/**
	 * Runs the worker.
	 * @param args none
	 * @throws Exception when the link cannot be connected
	 */
	public static void main(String[] args) throws Exception {
		Map<String, String> settings = readSettings(System.in);
		Thread parentWatch = new Thread(ZmqEchoWorker::exitWhenStdinEnds, "parent-watch");
		parentWatch.setDaemon(true);
		parentWatch.start();
		try (ChildLink link = ZmqChildLink.connect(settings)) {
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
			System.err.println("echo worker: " + ex.getMessage());
		}
	}

	/**
	 * Writes link settings the way {@link #main(String[])} reads them: a 4-byte length,
	 * then properties text.
	 * @param out the worker's standard input, left open
	 * @param settings the settings
	 * @throws IOException when writing fails
	 */
	static void writeSettings(OutputStream out, Map<String, String> settings) throws IOException {
		Properties properties = new Properties();
		properties.putAll(settings);
		ByteArrayOutputStream text = new ByteArrayOutputStream();
		properties.store(text, null);
		DataOutputStream data = new DataOutputStream(out);
		data.writeInt(text.size());
		text.writeTo(data);
		data.flush();
	}

	private static Map<String, String> readSettings(InputStream in) throws IOException {
		DataInputStream data = new DataInputStream(in);
		byte[] text = data.readNBytes(data.readInt());
		Properties properties = new Properties();
		properties.load(new ByteArrayInputStream(text));
		Map<String, String> settings = new LinkedHashMap<>();
		properties.stringPropertyNames().forEach((key) -> settings.put(key, properties.getProperty(key)));
		return settings;
	}

	private static void exitWhenStdinEnds() {
		try {
			while (System.in.read() >= 0) {
				// Nothing more is sent on stdin; it only tells that the parent lives.
			}
		}
		catch (IOException ex) {
			// Same as the end of the stream.
		}
		Runtime.getRuntime().halt(3);
	}

}
