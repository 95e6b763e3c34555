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

import java.util.List;

import io.github.ipcworker.pool.GroupObserver;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Passes group events to several observers, each guarded so one failing observer cannot
 * disturb the request path or the others.
 */
final class CompositeGroupObserver implements GroupObserver {

	private static final Log logger = LogFactory.getLog(CompositeGroupObserver.class);

	private final List<GroupObserver> observers;

	private CompositeGroupObserver(List<GroupObserver> observers) {
		this.observers = observers;
	}

	static GroupObserver of(List<GroupObserver> observers) {
		return switch (observers.size()) {
			case 0 -> GroupObserver.NONE;
			case 1 -> observers.get(0);
			default -> new CompositeGroupObserver(List.copyOf(observers));
		};
	}

	@Override
	public void requestCompleted(String group, String transport, Outcome outcome, long roundTripNs) {
		for (GroupObserver observer : this.observers) {
			try {
				observer.requestCompleted(group, transport, outcome, roundTripNs);
			}
			catch (RuntimeException ex) {
				failed(observer, ex);
			}
		}
	}

	@Override
	public void handlerExecuted(String group, String transport, long executionNs) {
		for (GroupObserver observer : this.observers) {
			try {
				observer.handlerExecuted(group, transport, executionNs);
			}
			catch (RuntimeException ex) {
				failed(observer, ex);
			}
		}
	}

	@Override
	public void workerReplaced(String group, String cause) {
		for (GroupObserver observer : this.observers) {
			try {
				observer.workerReplaced(group, cause);
			}
			catch (RuntimeException ex) {
				failed(observer, ex);
			}
		}
	}

	@Override
	public void workerStarted(String group, int index, long pid, long restarts, long startupNs) {
		for (GroupObserver observer : this.observers) {
			try {
				observer.workerStarted(group, index, pid, restarts, startupNs);
			}
			catch (RuntimeException ex) {
				failed(observer, ex);
			}
		}
	}

	@Override
	public void workerExited(String group, int index, long pid, String cause, @Nullable Integer exitCode) {
		for (GroupObserver observer : this.observers) {
			try {
				observer.workerExited(group, index, pid, cause, exitCode);
			}
			catch (RuntimeException ex) {
				failed(observer, ex);
			}
		}
	}

	@Override
	public void groupScaled(String group, int from, int to, String reason) {
		for (GroupObserver observer : this.observers) {
			try {
				observer.groupScaled(group, from, to, reason);
			}
			catch (RuntimeException ex) {
				failed(observer, ex);
			}
		}
	}

	private static void failed(GroupObserver observer, RuntimeException ex) {
		logger.warn("ipc-worker observer " + observer + " failed; the request path goes on", ex);
	}

}
