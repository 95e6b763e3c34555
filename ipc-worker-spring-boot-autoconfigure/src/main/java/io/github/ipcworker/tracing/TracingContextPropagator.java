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
package io.github.ipcworker.tracing;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.ipcworker.context.ContextPropagator;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.jspecify.annotations.Nullable;

/**
 * Carries the caller's trace into the worker with Micrometer Tracing: the application
 * injects the current span's context (W3C {@code traceparent}, or whatever the tracer
 * propagates) into the request; the worker continues the trace with a span around the
 * handler, in scope so that the handler's own spans and log lines carry the trace id.
 */
public final class TracingContextPropagator implements ContextPropagator {

	/** Tag holding the group name on the worker's span. */
	public static final String GROUP_TAG = "ipc.worker.group";

	private final Tracer tracer;

	private final Propagator propagator;

	/**
	 * Creates a propagator.
	 * @param tracer the application's tracer
	 * @param propagator how the tracer writes and reads trace context
	 */
	public TracingContextPropagator(Tracer tracer, Propagator propagator) {
		this.tracer = tracer;
		this.propagator = propagator;
	}

	@Override
	public Map<String, String> capture() {
		Span span = this.tracer.currentSpan();
		if (span == null || span.isNoop()) {
			return Map.of();
		}
		Map<String, String> carrier = new LinkedHashMap<>();
		this.propagator.inject(span.context(), carrier, Map::put);
		return carrier;
	}

	@Override
	public Scope open(Map<String, String> context, String group, long requestId) {
		if (context.isEmpty()) {
			return Scope.NOOP;
		}
		Span span = this.propagator.extract(context, TracingContextPropagator::get)
			.name("ipc-worker " + group)
			.kind(Span.Kind.SERVER)
			.tag(GROUP_TAG, group)
			.start();
		Tracer.SpanInScope inScope = this.tracer.withSpan(span);
		return new Scope() {

			@Override
			public void error(Throwable failure) {
				span.error(failure);
			}

			@Override
			public void close() {
				inScope.close();
				span.end();
			}

		};
	}

	private static @Nullable String get(Map<String, String> carrier, String key) {
		return carrier.get(key);
	}

}
