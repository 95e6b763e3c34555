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

import io.github.ipcworker.IpcStartupException;
import io.github.ipcworker.protocol.FrameDescriptor;
import io.github.ipcworker.protocol.ReadyInfo;
import io.github.ipcworker.transport.Transport;
import io.github.ipcworker.transport.WorkerLink;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Takes workers that join a group on their own, from worker hosts: each gets the next
 * index after the launched slots and serves once its READY frame checks out. A joined
 * worker is never replaced: its host decides whether it comes back.
 */
final class RemoteAdmission {

	private static final Log logger = LogFactory.getLog(RemoteAdmission.class);

	private final GroupSettings settings;

	private final GroupRuntime runtime;

	private final Members members;

	private final Dispatcher dispatcher;

	private final Supervisor supervisor;

	private final Worker.Events events;

	RemoteAdmission(GroupSettings settings, GroupRuntime runtime, Members members, Dispatcher dispatcher,
			Supervisor supervisor, Worker.Events events) {
		this.settings = settings;
		this.runtime = runtime;
		this.members = members;
		this.dispatcher = dispatcher;
		this.supervisor = supervisor;
		this.events = events;
	}

	private String name() {
		return this.settings.name();
	}

	/**
	 * Starts taking workers over a transport.
	 * @throws IpcStartupException when the transport cannot take them
	 */
	void open(@Nullable Transport transport) {
		try {
			if (transport == null) {
				throw new IOException("the group has no transport");
			}
			transport.acceptRemoteWorkers(this::joined);
		}
		catch (IOException | UnsupportedOperationException ex) {
			throw new IpcStartupException(name(), "ipc-worker group '" + name() + "' cannot take remote workers over "
					+ this.settings.transport() + ": " + ex.getMessage(), ex);
		}
	}

	private void joined(WorkerLink link, String address) {
		Worker worker = new Worker(name(), this.members.nextRemoteIndex(), link, address, this.runtime.nanoTime(),
				this.events);
		if (!this.members.addRemote(worker)) {
			link.close();
			return;
		}
		worker.ready.whenComplete((info, failure) -> admit(worker, address, info, failure));
		link.start(worker);
	}

	/** Lets a joined worker serve once its READY frame checks out, or turns it away. */
	private void admit(Worker worker, String address, @Nullable ReadyInfo info, @Nullable Throwable failure) {
		String problem = (failure != null) ? failure.getMessage()
				: (info == null) ? "no READY frame"
						: (info.protocolVersion() != FrameDescriptor.PROTOCOL_VERSION) ? "speaks protocol version "
								+ info.protocolVersion() + ", this application " + FrameDescriptor.PROTOCOL_VERSION
								: null;
		if (problem == null && info != null) {
			worker.remotePid = info.pid();
			if (this.supervisor.serve(worker)) {
				logger.info("Remote worker " + worker + " joined ipc-worker group '" + name() + "'");
				return;
			}
		}
		else {
			logger
				.warn("Turned away remote worker at " + address + " of ipc-worker group '" + name() + "': " + problem);
		}
		this.members.forget(worker);
		worker.link.close();
	}

}
