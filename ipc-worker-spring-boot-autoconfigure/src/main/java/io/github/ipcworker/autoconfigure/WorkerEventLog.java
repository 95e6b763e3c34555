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

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.ipcworker.pool.GroupObserver;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Logs one line per worker process event under {@value #LOG_NAME}: started, restarted,
 * stopped (or recycled, restarted, scaled down) at {@code INFO}, crashed at {@code WARN};
 * an elastic group's change of size at {@code INFO}. The message is a row of
 * {@code key=value} pairs, and the same pairs are attached to the event, so structured
 * logging ({@code logging.structured.format.console=ecs}, for example) shows them as
 * fields.
 */
final class WorkerEventLog implements GroupObserver {

	/** Logger of worker process events. */
	static final String LOG_NAME = "io.github.ipcworker.events";

	private static final Logger logger = LoggerFactory.getLogger(LOG_NAME);

	@Override
	public void workerStarted(String group, int index, long pid, long restarts, long startupNs) {
		Map<String, Object> pairs = pairs((restarts > 0) ? "worker.restarted" : "worker.started", group, index, pid);
		if (restarts > 0) {
			pairs.put("restarts", restarts);
		}
		pairs.put("startupMs", TimeUnit.NANOSECONDS.toMillis(startupNs));
		log(Level.INFO, pairs);
	}

	@Override
	public void workerExited(String group, int index, long pid, String cause, @Nullable Integer exitCode) {
		// A process the group asked to go is no alarm; any other end is.
		boolean expected = "stopped".equals(cause) || "recycled".equals(cause) || "restart".equals(cause)
				|| "scaled-down".equals(cause);
		Map<String, Object> pairs = pairs(expected ? "worker.stopped" : "worker.crashed", group, index, pid);
		pairs.put("cause", cause);
		if (exitCode != null) {
			pairs.put("exitCode", exitCode);
		}
		log(expected ? Level.INFO : Level.WARN, pairs);
	}

	@Override
	public void groupScaled(String group, int from, int to, String reason) {
		Map<String, Object> pairs = new LinkedHashMap<>();
		pairs.put("event", "group.scaled");
		pairs.put("group", group);
		pairs.put("from", from);
		pairs.put("to", to);
		pairs.put("reason", reason);
		log(Level.INFO, pairs);
	}

	private static Map<String, Object> pairs(String event, String group, int index, long pid) {
		Map<String, Object> pairs = new LinkedHashMap<>();
		pairs.put("event", event);
		pairs.put("group", group);
		pairs.put("worker", index);
		pairs.put("pid", pid);
		return pairs;
	}

	private static void log(Level level, Map<String, Object> pairs) {
		if (!logger.isEnabledForLevel(level)) {
			return;
		}
		StringBuilder message = new StringBuilder();
		LoggingEventBuilder event = logger.atLevel(level);
		pairs.forEach((key, value) -> {
			if (!message.isEmpty()) {
				message.append(' ');
			}
			message.append(key).append('=').append(value);
			event.addKeyValue(key, value);
		});
		event.log(message.toString());
	}

}
