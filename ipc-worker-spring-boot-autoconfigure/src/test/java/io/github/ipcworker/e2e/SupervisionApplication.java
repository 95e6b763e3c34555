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

import io.github.ipcworker.IpcWorkerContext;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * An application with one group per supervision policy, each served by the calc worker.
 * Each group is named after its bean; its policy comes from the test's properties. The
 * worker class is a top-level class: a nested {@code @Component} class of a configuration
 * would be registered as a bean of its own, and so as a group of its own.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class SupervisionApplication {

	@Bean
	SupervisedWorker recycled(Environment environment, IpcWorkerContext worker) {
		return new SupervisedWorker(environment, worker);
	}

	@Bean
	SupervisedWorker stuck(Environment environment, IpcWorkerContext worker) {
		return new SupervisedWorker(environment, worker);
	}

	@Bean
	SupervisedWorker fragile(Environment environment, IpcWorkerContext worker) {
		return new SupervisedWorker(environment, worker);
	}

	@Bean
	SupervisedWorker retrying(Environment environment, IpcWorkerContext worker) {
		return new SupervisedWorker(environment, worker);
	}

}
