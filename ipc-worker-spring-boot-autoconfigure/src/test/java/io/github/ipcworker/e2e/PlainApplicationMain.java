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
import org.springframework.util.ClassUtils;

/**
 * The end-to-end application in a JVM of its own, for class paths the test JVM does not
 * have. Makes one call, prints what it found, closes and exits.
 */
public final class PlainApplicationMain {

	private static final List<String> OBSERVABILITY_BEANS = List.of("ipcWorkerMeterObserver", "ipcWorkerGroupMetrics",
			"ipcWorkerHealthContributor", "ipcWorkersEndpoint");

	private PlainApplicationMain() {
	}

	public static void main(String[] args) {
		List<String> report = new ArrayList<>();
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(EndToEndApplication.class)
			.web(WebApplicationType.NONE)
			.run(args)) {
			IpcClient ipc = context.getBean(IpcClient.class);
			report.add("RESULT " + ipc.call("calc", CalcRequest.add(40, 2), CalcResult.class).value());
			List<String> pids = new ArrayList<>();
			for (IpcGroup group : ipc.groups()) {
				group.workers().forEach((worker) -> pids.add(Long.toString(worker.pid())));
			}
			report.add("WORKERS " + String.join(" ", pids));
			report.add("MICROMETER " + present("io.micrometer.core.instrument.MeterRegistry"));
			report.add("ACTUATOR " + present("org.springframework.boot.actuate.endpoint.annotation.Endpoint"));
			report.add("HEALTH " + present("org.springframework.boot.health.contributor.HealthContributor"));
			report.add("BEANS " + OBSERVABILITY_BEANS.stream().filter(context::containsBean).toList());
		}
		report.forEach(System.out::println);
		System.out.flush();
	}

	private static boolean present(String className) {
		return ClassUtils.isPresent(className, PlainApplicationMain.class.getClassLoader());
	}

}
