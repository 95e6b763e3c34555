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

import java.util.ArrayList;
import java.util.List;

import io.github.ipcworker.IpcClient;
import io.github.ipcworker.IpcGroup;
import io.github.ipcworker.e2e.EndToEndApplication.CalcRequest;
import io.github.ipcworker.e2e.EndToEndApplication.CalcResult;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A parent application in a JVM of its own, so that a test can give it system properties
 * on its command line. Prints what its calc worker sees of the properties named
 * {@value #ARGUMENT_PROPERTY} and {@value #SYSTEM_PROPERTY} ({@code SEES <argument>
 * <system>}) and the pids of its workers ({@code WORKERS <pid> ...}), then waits to be
 * killed.
 */
public final class SecretsParentMain {

	/** Property the test passes as a program argument. */
	static final String ARGUMENT_PROPERTY = "some.secret";

	/** Property the test passes as a system property. */
	static final String SYSTEM_PROPERTY = "some.system.secret";

	private SecretsParentMain() {
	}

	public static void main(String[] args) throws InterruptedException {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(EndToEndApplication.class)
			.web(WebApplicationType.NONE)
			.run(args);
		IpcClient ipc = context.getBean(IpcClient.class);
		String argument = ipc.call("calc", new CalcRequest("property", 0, 0, ARGUMENT_PROPERTY), CalcResult.class)
			.text();
		String system = ipc.call("calc", new CalcRequest("property", 0, 0, SYSTEM_PROPERTY), CalcResult.class).text();
		System.out.println("SEES " + argument + " " + system);
		List<String> pids = new ArrayList<>();
		for (IpcGroup group : ipc.groups()) {
			group.workers().forEach((worker) -> pids.add(Long.toString(worker.pid())));
		}
		System.out.println("WORKERS " + String.join(" ", pids));
		System.out.flush();
		Thread.sleep(Long.MAX_VALUE);
	}

}
