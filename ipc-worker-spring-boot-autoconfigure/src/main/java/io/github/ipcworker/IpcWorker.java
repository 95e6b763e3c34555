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

import org.springframework.core.annotation.AliasFor;
import org.springframework.stereotype.Component;

/**
 * Marks a bean as an ipc-worker handler. The bean is never created in the application's
 * own JVM: ipc-worker starts a group of child JVMs from the same application, and each
 * child creates only this bean and what it depends on, with normal dependency injection.
 * <p>
 * The bean implements {@link IpcHandler} (one response per request) or
 * {@link IpcStreamHandler} (many responses per request). {@code @PostConstruct} runs once
 * when a worker process starts, {@code @PreDestroy} when it stops.
 * <p>
 * Callers reach the group through {@link IpcClient}, by {@link #group() group name}.
 * <p>
 * A {@link Component @Component}: component scanning finds annotated classes; a
 * {@code @Bean} method returning an annotated class works too.
 *
 * @see IpcClient
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Component
public @interface IpcWorker {

	/**
	 * The bean name, as for {@link Component#value()}. Also the group name when
	 * {@link #group()} is empty.
	 * @return the bean name, or an empty string for a generated one
	 */
	@AliasFor(annotation = Component.class)
	String value() default "";

	/**
	 * Name of the worker group, used by callers to address it. Defaults to the bean name.
	 * @return the group name, or an empty string for the bean name
	 */
	String group() default "";

	/**
	 * Number of worker processes in the group. {@code 0} takes the value of
	 * {@code ipc.worker.groups.<name>.workers}, then {@code ipc.worker.workers}; with
	 * none of them set the group is elastic, from one worker up to one per processor.
	 * @return the number of worker processes, or {@code 0} for the configured value
	 */
	int workers() default 0;

}
