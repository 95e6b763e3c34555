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
package io.github.ipcworker.e2e;

import io.github.ipcworker.IpcHandler;
import io.github.ipcworker.IpcWorker;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * An application whose worker reports the trace it runs in, and logs a line in it.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(TracedWorker.class)
public class TracingApplication {

}

/**
 * Reports the trace its handler runs in.
 */
@IpcWorker(group = "traced")
class TracedWorker implements IpcHandler<String, TracedWorker.TraceInfo> {

	private static final Log logger = LogFactory.getLog(TracedWorker.class);

	private final Tracer tracer;

	TracedWorker(Tracer tracer) {
		this.tracer = tracer;
	}

	@Override
	public TraceInfo handle(String request) {
		logger.info("handling traced request " + request);
		Span span = this.tracer.currentSpan();
		if (span == null) {
			return new TraceInfo("", "", "");
		}
		return new TraceInfo(span.context().traceId(), span.context().spanId(),
				String.valueOf(span.context().parentId()));
	}

	/**
	 * The trace a handler ran in.
	 *
	 * @param traceId the trace id, empty when none
	 * @param spanId the handler's span id
	 * @param parentId the id of the handler span's parent
	 */
	record TraceInfo(String traceId, String spanId, String parentId) {

	}

}
