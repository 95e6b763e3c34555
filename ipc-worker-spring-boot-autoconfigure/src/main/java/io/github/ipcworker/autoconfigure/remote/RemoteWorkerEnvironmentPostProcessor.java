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
package io.github.ipcworker.autoconfigure.remote;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.ipcworker.autoconfigure.child.IpcWorkerMain;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * Turns the application into a worker host when {@value #CONNECT_PROPERTY} is set: no web
 * server, lazy initialization (only the group's worker bean and what it needs are
 * created), and the worker-process mode that keeps the application's own groups and
 * client out. Runs after the configuration files are read, so the property may come from
 * them as well as from the command line.
 */
public final class RemoteWorkerEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/** The property that makes an instance a worker host. */
	public static final String CONNECT_PROPERTY = "ipc.worker.remote.connect";

	/** The property naming the group a worker host serves. */
	public static final String GROUP_PROPERTY = "ipc.worker.remote.group";

	/** Name of the property source this adds. */
	static final String PROPERTY_SOURCE_NAME = "ipcWorkerRemote";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String connect = environment.getProperty(CONNECT_PROPERTY);
		if (!StringUtils.hasText(connect)) {
			return;
		}
		String group = environment.getProperty(GROUP_PROPERTY);
		if (!StringUtils.hasText(group)) {
			throw new IllegalStateException(CONNECT_PROPERTY + " is set, so this instance starts as a worker host; set "
					+ GROUP_PROPERTY + " to the name of the group it serves");
		}
		Map<String, Object> mode = new LinkedHashMap<>();
		mode.put("spring.main.web-application-type", "none");
		mode.put("spring.main.lazy-initialization", "true");
		mode.put(IpcWorkerMain.GROUP_PROPERTY, group);
		environment.getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE_NAME, mode));
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
