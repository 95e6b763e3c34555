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
package io.github.ipcworker.autoconfigure.remote;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.github.ipcworker.IpcHandler;
import io.github.ipcworker.IpcWorker;
import io.github.ipcworker.autoconfigure.IpcWorkerProperties;
import io.github.ipcworker.codec.JacksonPayloadCodec;
import io.github.ipcworker.context.ContextPropagator;
import io.github.ipcworker.transport.RecordingFrameListener;
import io.github.ipcworker.transport.WorkerLink;
import io.github.ipcworker.transport.zmq.CurveKeys;
import io.github.ipcworker.transport.zmq.ZmqOptions;
import io.github.ipcworker.transport.zmq.ZmqTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.support.GenericApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RemoteWorkerHost}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RemoteWorkerHostTests {

	private final List<AutoCloseable> resources = new CopyOnWriteArrayList<>();

	@AfterEach
	void closeAll() throws Exception {
		for (int i = this.resources.size() - 1; i >= 0; i--) {
			this.resources.get(i).close();
		}
	}

	/**
	 * A network partition: both ends give up, the host joins again over a new connection,
	 * and the old one still stands at the group (its TCP connection was never closed, as
	 * when a link goes down and a peer's packets are lost). A ROUTER refuses a second
	 * connection with a routing id it holds, so a host that joined again with its old
	 * routing id was shut out until TCP dropped the old connection, maybe never.
	 */
	@Test
	void joinsAgainAfterAPartitionWhileTheOldConnectionStillStands() throws Exception {
		CurveKeys server = CurveKeys.generate();
		CurveKeys host = CurveKeys.generate();
		ZmqTransport transport = new ZmqTransport("calc",
				ZmqOptions.defaults()
					.withHeartbeat(Duration.ofMillis(100), Duration.ofMillis(600))
					.withCurve(server, Set.of(host.publicKey())));
		this.resources.add(transport);
		BlockingQueue<WorkerLink> joined = new LinkedBlockingQueue<>();
		transport.acceptRemoteWorkers((link, address) -> {
			this.resources.add(link);
			RecordingFrameListener listener = new RecordingFrameListener();
			link.start(listener);
			joined.add(link);
		});
		String endpoint = transport.endpoint();
		Relay relay = new Relay(Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1)));
		this.resources.add(relay);

		RemoteWorkerHost worker = host(relay.port(), server, host);
		this.resources.add(worker::stop);
		worker.start();
		assertThat(joined.poll(20, TimeUnit.SECONDS)).as("the first join").isNotNull();

		relay.freeze();
		WorkerLink again = joined.poll(20, TimeUnit.SECONDS);
		assertThat(again).as("a join after the partition, the old connection still open").isNotNull();
	}

	private RemoteWorkerHost host(int port, CurveKeys server, CurveKeys host) {
		GenericApplicationContext context = new GenericApplicationContext();
		context.registerBean("echo", Echo.class);
		context.refresh();
		this.resources.add(context);
		IpcWorkerProperties properties = new IpcWorkerProperties();
		properties.getRemote().setConnect("tcp://127.0.0.1:" + port);
		properties.getRemote().setGroup("calc");
		properties.getRemote().setRejoinDelay(Duration.ofMillis(100));
		properties.getZmq().setHeartbeatInterval(Duration.ofMillis(100));
		properties.getZmq().setHeartbeatTimeout(Duration.ofMillis(600));
		properties.getZmq().setServerPublicKey(server.publicKey());
		properties.getZmq().setWorkerPublicKey(host.publicKey());
		properties.getZmq().setWorkerSecretKey(host.secretKey());
		return new RemoteWorkerHost(context, properties, new JacksonPayloadCodec(JsonMapper.shared()),
				ContextPropagator.NONE);
	}

	@IpcWorker(group = "calc")
	static class Echo implements IpcHandler<String, String> {

		@Override
		public String handle(String request) {
			return request;
		}

	}

	/**
	 * Forwards TCP connections on loopback to a port. {@link #freeze()} stops forwarding
	 * on the connections open now and keeps them open, like a link whose packets are
	 * lost; connections made later are forwarded.
	 */
	static final class Relay implements AutoCloseable {

		private final ServerSocket server;

		private final int target;

		private final List<Socket> sockets = new CopyOnWriteArrayList<>();

		private final Set<Socket> frozen = ConcurrentHashMap.newKeySet();

		Relay(int target) throws IOException {
			this.target = target;
			this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
			Thread acceptor = new Thread(this::accept, "relay-accept");
			acceptor.setDaemon(true);
			acceptor.start();
		}

		int port() {
			return this.server.getLocalPort();
		}

		void freeze() {
			this.frozen.addAll(this.sockets);
		}

		private void accept() {
			try {
				while (true) {
					Socket client = this.server.accept();
					Socket upstream = new Socket();
					upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.target), 5_000);
					this.sockets.add(client);
					this.sockets.add(upstream);
					pump(client, upstream);
					pump(upstream, client);
				}
			}
			catch (IOException ex) {
				// Closed.
			}
		}

		private void pump(Socket from, Socket to) {
			Thread pump = new Thread(() -> {
				byte[] buffer = new byte[8192];
				try {
					InputStream in = from.getInputStream();
					OutputStream out = to.getOutputStream();
					int n;
					while ((n = in.read(buffer)) >= 0) {
						// Once frozen, what comes is lost, and the connection stays open.
						if (!this.frozen.contains(from)) {
							out.write(buffer, 0, n);
						}
					}
					if (!this.frozen.contains(from)) {
						to.shutdownOutput();
					}
				}
				catch (IOException ex) {
					// One side closed.
				}
			}, "relay-pump");
			pump.setDaemon(true);
			pump.start();
		}

		@Override
		public void close() throws IOException {
			this.server.close();
			for (Socket socket : this.sockets) {
				socket.close();
			}
		}

	}

}
