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
package io.github.ipcworker.metrics;

import java.util.List;

/**
 * Names, tag keys and bounded tag values of the meters of ipc-worker groups.
 */
public final class IpcWorkerMetricNames {

	/** Timer of the round trip of requests, as their callers saw it. */
	public static final String REQUESTS = "ipc.worker.requests";

	/** Timer of the time inside the handler, measured in the worker process. */
	public static final String EXECUTION = "ipc.worker.execution";

	/** Gauge of the requests sent to workers and not yet answered. */
	public static final String INFLIGHT = "ipc.worker.inflight";

	/** Gauge of the requests waiting in a group's queue for a worker. */
	public static final String QUEUED = "ipc.worker.queued";

	/** Gauge of the live worker processes, ready for requests. */
	public static final String PROCESSES = "ipc.worker.processes";

	/**
	 * Gauge of the worker processes a group aims at: {@code workers}, or an elastic
	 * group's target between {@code min-workers} and {@code max-workers}.
	 */
	public static final String PROCESSES_TARGET = "ipc.worker.processes.target";

	/** Counter of the worker processes replaced. */
	public static final String RESTARTS = "ipc.worker.restarts";

	/** Tag key of the group name. */
	public static final String GROUP_TAG = "group";

	/** Tag key of the transport name. */
	public static final String TRANSPORT_TAG = "transport";

	/**
	 * Tag key of how a request ended: success, error, timeout, crashed, busy, cancelled.
	 */
	public static final String OUTCOME_TAG = "outcome";

	/** Tag key of why a worker process was replaced. */
	public static final String CAUSE_TAG = "cause";

	/**
	 * The causes of restarts that get a tag value of their own. Their counters exist from
	 * the start, at zero, so that rates include the first restart.
	 */
	public static final List<String> RESTART_CAUSES = List.of("crash", "oom", "timeout", "recycled", "restart");

	/** Tag value of any restart cause not in {@link #RESTART_CAUSES}. */
	public static final String OTHER_CAUSE = "other";

	private IpcWorkerMetricNames() {
	}

	/**
	 * Returns the tag value of a restart cause, keeping the tag's values bounded.
	 * @param cause the cause a group reported
	 * @return the cause when known, otherwise {@link #OTHER_CAUSE}
	 */
	static String causeTagValue(String cause) {
		return RESTART_CAUSES.contains(cause) ? cause : OTHER_CAUSE;
	}

}
