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

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.ipcworker.IpcClient;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The caller's trace travels into the worker: the handler runs in a child span of the
 * caller's span, and its log lines carry the trace id.
 */
@ExtendWith(OutputCaptureExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TracingEndToEndTests {

	@Test
	void workersHandlerRunsInTheCallersTrace(CapturedOutput output) throws InterruptedException {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(TracingApplication.class)
			.web(WebApplicationType.NONE)
			.run("--ipc.worker.workers=1", "--management.tracing.sampling.probability=1.0");
		try {
			IpcClient ipc = context.getBean(IpcClient.class);
			Tracer tracer = context.getBean(Tracer.class);
			Span caller = tracer.nextSpan().name("caller").start();
			TracedWorker.TraceInfo traced;
			try (Tracer.SpanInScope scope = tracer.withSpan(caller)) {
				traced = ipc.call("traced", "with a trace", TracedWorker.TraceInfo.class);
			}
			finally {
				caller.end();
			}
			assertThat(traced.traceId()).isEqualTo(caller.context().traceId());
			assertThat(traced.parentId()).isEqualTo(caller.context().spanId());
			assertThat(traced.spanId()).isNotEqualTo(caller.context().spanId());
			String traceId = traced.traceId();
			Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.until(() -> output.getOut()
					.lines()
					.anyMatch((line) -> line.contains("[traced#0]")
							&& line.contains("handling traced request with a trace")
							&& line.contains("[" + traceId + ",")));

			TracedWorker.TraceInfo untraced = ipc.call("traced", "without", TracedWorker.TraceInfo.class);
			assertThat(untraced.traceId()).isNotEqualTo(traceId);
		}
		finally {
			context.close();
			List<ProcessHandle> left = Leftovers.descendantsAfter(Duration.ofSeconds(10));
			Leftovers.killDescendants();
			assertThat(left).as("worker processes left").isEmpty();
		}
	}

}
