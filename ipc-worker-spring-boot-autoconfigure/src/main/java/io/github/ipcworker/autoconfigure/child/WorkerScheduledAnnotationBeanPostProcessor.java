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

import org.springframework.scheduling.annotation.ScheduledAnnotationBeanPostProcessor;

/**
 * Schedules, in a worker process, only the {@code @Scheduled} methods of beans opted in
 * with {@link IpcWorkerStartup @IpcWorkerStartup}: the application's jobs run in the
 * application, not once more in every worker.
 */
final class WorkerScheduledAnnotationBeanPostProcessor extends ScheduledAnnotationBeanPostProcessor {

	private final WorkerStartupBeans startupBeans;

	WorkerScheduledAnnotationBeanPostProcessor(WorkerStartupBeans startupBeans) {
		this.startupBeans = startupBeans;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		return this.startupBeans.isOptedIn(bean, beanName) ? super.postProcessAfterInitialization(bean, beanName)
				: bean;
	}

}
