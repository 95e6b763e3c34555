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
package io.github.ipcworker.autoconfigure.endpoint;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.ipcworker.IpcException;
import io.github.ipcworker.IpcGroup;
import io.github.ipcworker.IpcStartupException;
import io.github.ipcworker.IpcWorkerInfo;
import io.github.ipcworker.pool.WorkerGroup;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * {@link Endpoint @Endpoint} describing the application's ipc-worker groups and their
 * worker processes: {@code /actuator/ipcworkers} lists every group,
 * {@code /actuator/ipcworkers/{group}} one of them. {@code POST} to a group with
 * {@code {"action": "reset"}} starts a group that gave up after {@code max-restarts}
 * again at once; with {@code {"action": "restart"}} it replaces its workers one at a
 * time, failing no request (a rolling restart).
 */
@Endpoint(id = "ipcworkers")
public class IpcWorkersEndpoint {

	private static final String RESET = "reset";

	private static final String RESTART = "restart";

	private final Map<String, WorkerGroup> groups = new LinkedHashMap<>();

	/**
	 * Creates the endpoint.
	 * @param groups the groups to describe
	 */
	public IpcWorkersEndpoint(Collection<WorkerGroup> groups) {
		groups.forEach((group) -> this.groups.put(group.name(), group));
	}

	/**
	 * Describes every group.
	 * @return the groups, by name
	 */
	@ReadOperation
	public GroupsDescriptor groups() {
		Map<String, GroupDescriptor> groups = new LinkedHashMap<>();
		this.groups.forEach((name, group) -> groups.put(name, GroupDescriptor.of(group)));
		return new GroupsDescriptor(groups);
	}

	/**
	 * Describes one group.
	 * @param name the group name
	 * @return the group, or {@code null} (a 404 over HTTP) when there is none by that
	 * name
	 */
	@ReadOperation
	public @Nullable GroupDescriptor group(@Selector String name) {
		WorkerGroup group = this.groups.get(name);
		return (group != null) ? GroupDescriptor.of(group) : null;
	}

	/**
	 * Acts on one group. {@code reset}: a group that gave up replacing its workers after
	 * {@code max-restarts} starts them again at once, instead of after
	 * {@code restart-cooldown}. {@code restart}: a rolling restart
	 * ({@link WorkerGroup#restart()}); the answer comes once every worker is replaced.
	 * @param name the group name
	 * @param action what to do: {@code reset} or {@code restart}
	 * @return what was done, or {@code null} (a 404 over HTTP) when there is no group by
	 * that name
	 * @throws InvalidEndpointRequestException (a 400 over HTTP) for an unknown action, a
	 * group that is not running, or a restart while another one runs
	 */
	@WriteOperation
	public @Nullable ActionDescriptor act(@Selector String name, String action) {
		WorkerGroup group = this.groups.get(name);
		if (group == null) {
			return null;
		}
		if (!RESET.equals(action) && !RESTART.equals(action)) {
			throw new InvalidEndpointRequestException(
					"Unknown action '" + action + "' for ipc-worker group '" + name
							+ "'; the actions are \"reset\" and \"restart\"",
					"Unknown action; the actions are \"reset\" and \"restart\"");
		}
		if (!group.isRunning()) {
			throw new InvalidEndpointRequestException("ipc-worker group '" + name + "' is not running",
					"The group is not running");
		}
		if (RESET.equals(action)) {
			boolean wasDown = group.reset();
			return new ActionDescriptor(action, wasDown, GroupDescriptor.of(group));
		}
		boolean wasDown = group.status() == IpcGroup.Status.DOWN;
		try {
			group.restart();
		}
		catch (IpcStartupException ex) {
			// A worker that does not start is the server's trouble, not the request's.
			throw ex;
		}
		catch (IpcException ex) {
			throw new InvalidEndpointRequestException(String.valueOf(ex.getMessage()),
					"The group cannot be restarted now");
		}
		return new ActionDescriptor(action, wasDown, GroupDescriptor.of(group));
	}

	/**
	 * What an action did.
	 *
	 * @param action the action
	 * @param wasDown whether the group had given up before it
	 * @param group the group after it
	 */
	public record ActionDescriptor(String action, boolean wasDown,
			GroupDescriptor group) implements OperationResponseBody {

	}

	/**
	 * The application's groups.
	 *
	 * @param groups the groups, by name
	 */
	public record GroupsDescriptor(Map<String, GroupDescriptor> groups) implements OperationResponseBody {

	}

	/**
	 * One group.
	 *
	 * @param transport the transport its workers are reached over
	 * @param size the number of worker processes it keeps
	 * @param status its overall state
	 * @param liveWorkers its worker processes that are ready for requests
	 * @param queued its requests waiting for a worker
	 * @param inFlight its requests sent to workers and not answered yet
	 * @param workers its worker slots, by index
	 */
	public record GroupDescriptor(String transport, int size, IpcGroup.Status status, int liveWorkers, int queued,
			int inFlight, List<WorkerDescriptor> workers) implements OperationResponseBody {

		static GroupDescriptor of(WorkerGroup group) {
			List<WorkerDescriptor> workers = new ArrayList<>();
			int live = 0;
			for (IpcWorkerInfo info : group.workers()) {
				workers.add(WorkerDescriptor.of(info));
				if (info.state() == IpcWorkerInfo.State.READY) {
					live++;
				}
			}
			return new GroupDescriptor(group.transport(), group.size(), group.status(), live, group.queued(),
					group.inFlight(), workers);
		}

	}

	/**
	 * One worker of a group: a slot whose process the group launched, or a worker host.
	 *
	 * @param index the worker's index in its group
	 * @param pid its process id, or {@code null} when no process runs
	 * @param state the state of the slot
	 * @param startedAt when its process was started, or {@code null}
	 * @param requestsServed how many requests its process has answered
	 * @param inFlight how many requests it holds now
	 * @param restarts how many times the slot's process was replaced
	 * @param address where a worker host that joined on its own connects from, or
	 * {@code null} for a worker process the group launched
	 */
	public record WorkerDescriptor(int index, @Nullable Long pid, IpcWorkerInfo.State state,
			@Nullable Instant startedAt, long requestsServed, int inFlight, long restarts, @Nullable String address) {

		static WorkerDescriptor of(IpcWorkerInfo info) {
			return new WorkerDescriptor(info.index(), (info.pid() >= 0) ? info.pid() : null, info.state(),
					info.startedAt(), info.requestsServed(), info.inFlight(), info.restarts(), info.address());
		}

	}

}
