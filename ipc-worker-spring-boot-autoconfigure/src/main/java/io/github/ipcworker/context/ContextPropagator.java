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
package io.github.ipcworker.context;

import java.util.Map;

/**
 * Carries the caller's context, such as its trace, across the process boundary: captured
 * in the application when a request is sent, opened in the worker around the handler.
 * With Micrometer Tracing on the class path the worker's handler, and its log lines, run
 * in the caller's trace.
 */
public interface ContextPropagator {

	/** Carries nothing. */
	ContextPropagator NONE = new ContextPropagator() {

		@Override
		public Map<String, String> capture() {
			return Map.of();
		}

		@Override
		public Scope open(Map<String, String> context, String group, long requestId) {
			return Scope.NOOP;
		}

	};

	/**
	 * Captures the context of the calling thread, in the application.
	 * @return the entries to carry, empty when there is nothing to carry
	 */
	Map<String, String> capture();

	/**
	 * Opens a carried context around a handler call, in a worker.
	 * @param context the entries carried with the request, possibly empty
	 * @param group the group name
	 * @param requestId the request id
	 * @return the scope, closed when the handler returns
	 */
	Scope open(Map<String, String> context, String group, long requestId);

	/**
	 * A context opened around a handler call.
	 */
	interface Scope extends AutoCloseable {

		/** A scope with nothing to close. */
		Scope NOOP = () -> {
		};

		/**
		 * Records that the handler failed.
		 * @param failure what it threw
		 */
		default void error(Throwable failure) {
		}

		@Override
		void close();

	}

}
