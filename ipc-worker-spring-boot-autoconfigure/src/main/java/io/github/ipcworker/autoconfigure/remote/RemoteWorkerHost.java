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
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.ipcworker.IpcWorkerStartup;
import io.github.ipcworker.autoconfigure.GroupCodecs;
import io.github.ipcworker.autoconfigure.IpcWorkerProperties;
import io.github.ipcworker.autoconfigure.child.BeanHandlerAdapter;
import io.github.ipcworker.autoconfigure.child.WorkerStartupBeans;
import io.github.ipcworker.child.WorkerRuntime;
import io.github.ipcworker.codec.PayloadCodec;
import io.github.ipcworker.context.ContextPropagator;
import io.github.ipcworker.transport.ChildLink;
import io.github.ipcworker.child.ChildLinks;
import io.github.ipcworker.transport.LinkClosedException;
import io.github.ipcworker.transport.zmq.CurveKeyFiles;
import io.github.ipcworker.transport.zmq.CurveKeys;
import io.github.ipcworker.transport.zmq.ZmqOptions;
import io.github.ipcworker.transport.zmq.ZmqChildLink;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationContextException;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.util.StringUtils;

/**
 * Serves one group of another instance of the application over ZeroMQ: creates the
 * group's worker bean, joins the group at its endpoint and serves, on a thread of its own
 * that keeps the JVM alive. When the connection is lost (the application stopped, or its
 * heartbeats stopped) it joins again after {@code ipc.worker.remote.rejoin-delay}, so
 * worker hosts and the application may start and stop in any order.
 * <p>
 * Opted in to start in worker mode: the worker bean does not depend on its host, and a
 * worker starts no other lifecycle beans.
 */
@IpcWorkerStartup
final class RemoteWorkerHost implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(RemoteWorkerHost.class);

	private final ConfigurableApplicationContext context;

	private final IpcWorkerProperties properties;

	private final PayloadCodec codec;

	private final ContextPropagator propagator;

	private volatile boolean running;

	private volatile @Nullable ChildLink link;

	private @Nullable Thread server;

	RemoteWorkerHost(ConfigurableApplicationContext context, IpcWorkerProperties properties, PayloadCodec codec,
			ContextPropagator propagator) {
		this.context = context;
		this.properties = properties;
		this.codec = codec;
		this.propagator = propagator;
	}

	@Override
	public synchronized void start() {
		if (this.running) {
			return;
		}
		IpcWorkerProperties.Remote remote = this.properties.getRemote();
		String group = required(remote.getGroup(), "ipc.worker.remote.group");
		String endpoint = required(remote.getConnect(), "ipc.worker.remote.connect");
		// Created now, so that a worker that cannot be built fails the start of the host.
		BeanHandlerAdapter handler = BeanHandlerAdapter
			.of(this.context.getBean(WorkerStartupBeans.workerBeanName(this.context.getBeanFactory(), group)));
		Map<String, String> settings = linkSettings(endpoint, group);
		this.running = true;
		Thread server = new Thread(() -> serve(group, endpoint, settings, handler), "ipc-worker-remote-" + group);
		this.server = server;
		server.start();
	}

	private void serve(String group, String endpoint, Map<String, String> settings, BeanHandlerAdapter handler) {
		Duration rejoinDelay = this.properties.getRemote().getRejoinDelay();
		int maxMessageSize = (int) Math.min(Integer.MAX_VALUE, this.properties.getMaxMessageSize().toBytes());
		while (this.running) {
			ChildLink link = null;
			try {
				link = ChildLinks.connect(settings);
				this.link = link;
				if (!this.running) {
					// Stopped while connecting: stop() did not see this link.
					break;
				}
				WorkerRuntime runtime = new WorkerRuntime(link, 0,
						GroupCodecs.forGroup(this.codec, this.properties, group), handler, maxMessageSize, group,
						this.propagator);
				runtime.sendReady();
				logger.info("Serving ipc-worker group '" + group + "' at " + endpoint);
				runtime.serve();
				logger.info("ipc-worker group '" + group + "' at " + endpoint + " asked this worker host to stop");
			}
			catch (LinkClosedException ex) {
				if (this.running) {
					logger.warn("Lost ipc-worker group '" + group + "' at " + endpoint + ": " + ex.getMessage());
				}
			}
			catch (IOException | RuntimeException ex) {
				logger.warn("Could not serve ipc-worker group '" + group + "' at " + endpoint + ": " + ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			finally {
				this.link = null;
				if (link != null) {
					link.close();
				}
			}
			if (this.running) {
				pause(rejoinDelay);
			}
		}
	}

	private Map<String, String> linkSettings(String endpoint, String group) {
		IpcWorkerProperties.Zmq zmq = this.properties.getZmq();
		ZmqChildLink.RemoteSettings settings = ZmqChildLink.remoteSettings(endpoint, group)
			.heartbeat(zmq.getHeartbeatInterval(), zmq.getHeartbeatTimeout())
			.maxMessageSize((int) Math.min(Integer.MAX_VALUE, this.properties.getMaxMessageSize().toBytes()))
			.sendHighWaterMark(zmq.getSendHighWaterMark());
		if (zmq.getServerPublicKey() != null || zmq.getWorkerPublicKey() != null) {
			String secretKey;
			try {
				secretKey = CurveKeyFiles.secretKey(zmq.getWorkerSecretKey(), ZmqOptions.WORKER_SECRET_KEY_PROPERTY,
						zmq.getWorkerSecretKeyFile(), ZmqOptions.WORKER_SECRET_KEY_FILE_PROPERTY);
			}
			catch (IllegalArgumentException ex) {
				throw new ApplicationContextException(
						"A worker host's CURVE secret key is not usable: " + ex.getMessage(), ex);
			}
			settings.curve(required(zmq.getServerPublicKey(), ZmqOptions.SERVER_PUBLIC_KEY_PROPERTY),
					new CurveKeys(required(zmq.getWorkerPublicKey(), ZmqOptions.WORKER_PUBLIC_KEY_PROPERTY),
							required(secretKey, ZmqOptions.WORKER_SECRET_KEY_PROPERTY + " or "
									+ ZmqOptions.WORKER_SECRET_KEY_FILE_PROPERTY)));
		}
		Map<String, String> map = new LinkedHashMap<>(settings.toMap());
		// A routing id of its own for each join: after a network partition the group may
		// still hold the old connection, and a ROUTER refuses a second connection with a
		// routing id it holds, which would keep this host out until TCP drops the old
		// one.
		map.remove(ZmqChildLink.ROUTING_ID_KEY);
		return map;
	}

	private static String required(@Nullable String value, String property) {
		if (!StringUtils.hasText(value)) {
			throw new ApplicationContextException("A worker host needs " + property + " to be set");
		}
		return value;
	}

	/**
	 * Waits before joining again; {@link #stop()} ends the wait without an interrupt.
	 */
	private synchronized void pause(Duration delay) {
		long deadlineNs = System.nanoTime() + delay.toNanos();
		try {
			long remainingMs;
			while (this.running && (remainingMs = TimeUnit.NANOSECONDS.toMillis(deadlineNs - System.nanoTime())) > 0) {
				wait(remainingMs);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void stop() {
		Thread server;
		synchronized (this) {
			this.running = false;
			server = this.server;
			this.server = null;
			notifyAll();
		}
		// Never an interrupt: the serving thread may be inside JeroMQ, which an
		// interrupt breaks for good. Closing the link ends its wait within a moment.
		ChildLink link = this.link;
		if (link != null) {
			link.close();
		}
		if (server != null) {
			try {
				server.join(5_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
