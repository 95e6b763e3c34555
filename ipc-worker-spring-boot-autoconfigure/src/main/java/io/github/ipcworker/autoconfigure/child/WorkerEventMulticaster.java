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
package io.github.ipcworker.autoconfigure.child;

import io.github.ipcworker.IpcWorkerStartup;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.SimpleApplicationEventMulticaster;
import org.springframework.core.ResolvableType;

/**
 * The event multicaster of a worker process: the application's listeners of
 * {@link ApplicationStartedEvent} and {@link ApplicationReadyEvent} (its start-up hooks)
 * do not hear them, unless their bean is opted in with
 * {@link IpcWorkerStartup @IpcWorkerStartup}. Every other event reaches every listener,
 * and the listeners of {@code SpringApplication} itself hear these two as well.
 */
final class WorkerEventMulticaster extends SimpleApplicationEventMulticaster {

	private final WorkerStartupBeans startupBeans;

	WorkerEventMulticaster(WorkerStartupBeans startupBeans) {
		this.startupBeans = startupBeans;
	}

	@Override
	protected boolean supportsEvent(ApplicationListener<?> listener, ResolvableType eventType,
			@Nullable Class<?> sourceType) {
		return super.supportsEvent(listener, eventType, sourceType)
				&& (!isStartupEvent(eventType) || this.startupBeans.mayHandleStartupEvent(listener));
	}

	private static boolean isStartupEvent(ResolvableType eventType) {
		Class<?> type = eventType.resolve();
		return type != null && (ApplicationStartedEvent.class.isAssignableFrom(type)
				|| ApplicationReadyEvent.class.isAssignableFrom(type));
	}

}
