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
package io.github.ipcworker.benchmarks;

import java.util.concurrent.CountDownLatch;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;

/**
 * A bare start of the benchmark application, the baseline of a worker's start: the same
 * class path and primary source, and the settings a worker gets (no web server, no
 * banner, lazy initialization), without ipc-worker's launch spec, link and handshake. It
 * writes {@link #READY} once its context is up and stays, idle, until its standard input
 * ends.
 */
public final class BareApplicationMain {

	/** The line written once the context is up. */
	public static final String READY = "@bench-ready";

	private BareApplicationMain() {
	}

	/**
	 * Starts the application and waits.
	 * @param args ignored
	 * @throws InterruptedException never: the JVM ends from the watcher thread
	 */
	public static void main(String[] args) throws InterruptedException {
		ChildMains.exitWhenParentCloses();
		SpringApplication application = new SpringApplication(BenchmarkApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setBannerMode(Banner.Mode.OFF);
		application.setLazyInitialization(true);
		application.run("--ipc.worker.enabled=false");
		System.out.println(READY);
		System.out.flush();
		// Nothing else keeps the JVM alive; the watcher ends it when the parent lets go.
		new CountDownLatch(1).await();
	}

}
