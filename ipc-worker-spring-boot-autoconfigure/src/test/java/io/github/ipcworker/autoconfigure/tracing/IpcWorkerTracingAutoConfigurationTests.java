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
package io.github.ipcworker.autoconfigure.tracing;

import io.github.ipcworker.context.ContextPropagator;
import io.github.ipcworker.tracing.TracingContextPropagator;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link IpcWorkerTracingAutoConfiguration}.
 */
class IpcWorkerTracingAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(IpcWorkerTracingAutoConfiguration.class));

	@Test
	void whenThereIsATracerThenTheTraceIsPropagated() {
		this.contextRunner.withBean(Tracer.class, () -> Tracer.NOOP)
			.withBean(Propagator.class, () -> Propagator.NOOP)
			.run((context) -> assertThat(context).getBean(ContextPropagator.class)
				.isInstanceOf(TracingContextPropagator.class));
	}

	@Test
	void whenThereIsNoTracerThenPropagationBacksOff() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(ContextPropagator.class));
	}

	@Test
	void whenMicrometerTracingIsNotOnTheClassPathThenPropagationBacksOff() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(Tracer.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ContextPropagator.class));
	}

	@Test
	void whenDisabledThenPropagationBacksOff() {
		this.contextRunner.withPropertyValues("ipc.worker.enabled=false")
			.withBean(Tracer.class, () -> Tracer.NOOP)
			.withBean(Propagator.class, () -> Propagator.NOOP)
			.run((context) -> assertThat(context).doesNotHaveBean(ContextPropagator.class));
	}

	@Test
	void userDefinedPropagatorBacksOff() {
		ContextPropagator mine = ContextPropagator.NONE;
		this.contextRunner.withBean(Tracer.class, () -> Tracer.NOOP)
			.withBean(Propagator.class, () -> Propagator.NOOP)
			.withBean(ContextPropagator.class, () -> mine)
			.run((context) -> assertThat(context.getBean(ContextPropagator.class)).isSameAs(mine));
	}

}
