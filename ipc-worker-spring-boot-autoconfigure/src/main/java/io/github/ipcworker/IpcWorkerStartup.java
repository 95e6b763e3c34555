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
package io.github.ipcworker;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Starts a bean in worker processes too. A worker process is the application started
 * again to run one {@link IpcWorker @IpcWorker} bean, and it starts only what that bean
 * needs: the {@code SmartLifecycle} beans it depends on, directly or through other beans.
 * Everything else that starts on its own in the application stays in the application, so
 * that it does not run once more in every worker:
 * <ul>
 * <li>other {@code Lifecycle} and {@code SmartLifecycle} beans (message listener
 * containers, pollers, clients that connect on start);</li>
 * <li>listeners of {@code ApplicationStartedEvent} and {@code ApplicationReadyEvent},
 * whether {@code ApplicationListener} beans or {@code @EventListener} methods;</li>
 * <li>{@code @Scheduled} methods.</li>
 * </ul>
 * This annotation, on a bean's class or on its {@code @Bean} method, makes a worker start
 * that bean anyway: it is started as a lifecycle bean, its ready and started listeners
 * run, and its {@code @Scheduled} methods are scheduled, in the application and in each
 * worker.
 *
 * @see IpcWorker
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface IpcWorkerStartup {

}
