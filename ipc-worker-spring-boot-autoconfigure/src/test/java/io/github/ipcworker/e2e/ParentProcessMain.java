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
 * A parent application in a JVM of its own, for tests that kill it. Prints
 * {@code WORKERS <pid> <pid> ...} once its groups serve, then waits to be killed.
 */
public final class ParentProcessMain {

	private ParentProcessMain() {
	}

	public static void main(String[] args) throws InterruptedException {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(EndToEndApplication.class)
			.web(WebApplicationType.NONE)
			.run(args);
		IpcClient ipc = context.getBean(IpcClient.class);
		ipc.call("calc", CalcRequest.add(1, 1), CalcResult.class);
		List<String> pids = new ArrayList<>();
		for (IpcGroup group : ipc.groups()) {
			group.workers().forEach((worker) -> pids.add(Long.toString(worker.pid())));
		}
		System.out.println("WORKERS " + String.join(" ", pids));
		System.out.flush();
		if (args.length > 0 && args[args.length - 1].equals("--busy")) {
			// Keep the calc workers inside their handlers when the parent dies.
			for (int i = 0; i < 4; i++) {
				ipc.submit("calc", new CalcRequest("sleep", 0, 60_000, ""), CalcResult.class);
			}
			System.out.println("BUSY");
			System.out.flush();
		}
		Thread.sleep(Long.MAX_VALUE);
	}

}
