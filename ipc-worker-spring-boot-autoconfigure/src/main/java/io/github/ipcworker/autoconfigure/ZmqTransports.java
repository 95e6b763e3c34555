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
package io.github.ipcworker.autoconfigure;

import java.util.LinkedHashSet;

import io.github.ipcworker.pool.GroupSettings;
import io.github.ipcworker.transport.Transport;
import io.github.ipcworker.transport.zmq.CurveKeyFiles;
import io.github.ipcworker.transport.zmq.ZmqOptions;
import io.github.ipcworker.transport.zmq.ZmqTransport;

/**
 * Builds the ZeroMQ transport of a group from the properties. Kept out of
 * {@link TransportFactories} so that its classes, and JeroMQ's, load only for a group
 * that uses ZeroMQ.
 */
final class ZmqTransports {

	private ZmqTransports() {
	}

	static void check(GroupSettings settings, IpcWorkerProperties properties) {
		options(settings, properties);
	}

	static Transport create(GroupSettings settings, IpcWorkerProperties properties) {
		return new ZmqTransport(settings.name(), options(settings, properties));
	}

	/**
	 * The options of a group; the options themselves refuse a non-loopback endpoint
	 * without CURVE keys, naming the properties to set. A group that takes remote workers
	 * needs CURVE and authorized keys wherever it binds: on loopback too, any local
	 * process could otherwise join it and read its requests.
	 */
	static ZmqOptions options(GroupSettings settings, IpcWorkerProperties properties) {
		IpcWorkerProperties.Zmq zmq = properties.getZmq();
		IpcWorkerProperties.Group group = properties.getGroups().get(settings.name());
		String groupBind = (group != null) ? group.getZmq().getBind() : null;
		String bind = (groupBind != null) ? groupBind : zmq.getBind();
		ZmqOptions options;
		try {
			options = new ZmqOptions(bind, zmq.getHeartbeatInterval(), zmq.getHeartbeatTimeout(),
					settings.maxMessageSize(),
					ZmqOptions.serverKeys(zmq.getServerPublicKey(),
							CurveKeyFiles.secretKey(zmq.getServerSecretKey(), ZmqOptions.SERVER_SECRET_KEY_PROPERTY,
									zmq.getServerSecretKeyFile(), ZmqOptions.SERVER_SECRET_KEY_FILE_PROPERTY)),
					new LinkedHashSet<>(CurveKeyFiles.authorizedKeys(zmq.getAuthorizedKeys(),
							zmq.getAuthorizedKeysFile(), ZmqOptions.AUTHORIZED_KEYS_FILE_PROPERTY)),
					zmq.getSendHighWaterMark(), zmq.getMaxWorkersPerKey(),
					(group != null) ? group.getMaxRemoteWorkers() : ZmqOptions.DEFAULT_MAX_REMOTE_WORKERS);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("The ZeroMQ settings of ipc-worker group '" + settings.name()
					+ "' are not usable: " + ex.getMessage(), ex);
		}
		if (settings.remoteWorkers() && (!options.curve() || options.authorizedKeys().isEmpty())) {
			throw new IllegalArgumentException("ipc.worker.groups." + settings.name()
					+ ".remote-workers=true admits worker hosts that connect on their own, so they must prove who"
					+ " they are with CURVE, on loopback too: set " + ZmqOptions.SERVER_PUBLIC_KEY_PROPERTY + " and "
					+ ZmqOptions.SERVER_SECRET_KEY_PROPERTY + " (or " + ZmqOptions.SERVER_SECRET_KEY_FILE_PROPERTY
					+ "; make a pair with"
					+ " io.github.ipcworker.transport.zmq.CurveKeys) and list the worker hosts' public keys in "
					+ ZmqOptions.AUTHORIZED_KEYS_PROPERTY);
		}
		return options;
	}

}
