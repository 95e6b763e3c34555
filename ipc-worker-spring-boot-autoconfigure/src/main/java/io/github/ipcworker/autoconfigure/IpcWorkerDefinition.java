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

import org.jspecify.annotations.Nullable;

/**
 * An {@link io.github.ipcworker.IpcWorker @IpcWorker} bean found in the application.
 *
 * @param group the group name
 * @param beanName the bean name
 * @param beanClass the bean's class
 * @param workers the annotation's worker count, or {@code null} when it left it to the
 * properties
 * @param streaming whether the bean is an {@link io.github.ipcworker.IpcStreamHandler}
 */
public record IpcWorkerDefinition(String group, String beanName, Class<?> beanClass, @Nullable Integer workers,
		boolean streaming) {

}
