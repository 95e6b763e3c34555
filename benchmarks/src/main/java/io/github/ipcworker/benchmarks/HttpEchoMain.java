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

import io.github.ipcworker.benchmarks.BenchmarkApplication.Quote;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The other end of the loopback HTTP baseline ({@link HttpPeer}): a plain Spring Boot web
 * application on Tomcat, what a Spring user runs today instead of a worker pool, with one
 * endpoint that echoes the benchmark's record as JSON and one that echoes bytes. It
 * listens on {@code 127.0.0.1} on a port the system picks, writes that port after
 * {@link #LISTENING}, and exits when its standard input ends.
 */
public final class HttpEchoMain {

	/** The start of the line written once Tomcat listens; the port follows. */
	public static final String LISTENING = "@bench-http-listening";

	/** The path that echoes a {@link Quote} as JSON. */
	static final String QUOTE_PATH = "/quote";

	/** The path that echoes {@code application/octet-stream}. */
	static final String BYTES_PATH = "/bytes";

	private HttpEchoMain() {
	}

	/**
	 * Starts the web application and waits.
	 * @param args ignored
	 * @throws InterruptedException never: the JVM ends from the watcher thread
	 */
	public static void main(String[] args) throws InterruptedException {
		ChildMains.exitWhenParentCloses();
		SpringApplication application = new SpringApplication(EchoApplication.class);
		application.setWebApplicationType(WebApplicationType.SERVLET);
		application.setBannerMode(Banner.Mode.OFF);
		// The benchmark module's application.properties applies here too: no groups of
		// ipc-worker in this JVM, loopback only.
		ConfigurableApplicationContext context = application.run("--ipc.worker.enabled=false", "--server.port=0",
				"--server.address=127.0.0.1");
		System.out.println(LISTENING + " " + context.getEnvironment().getRequiredProperty("local.server.port"));
		System.out.flush();
		new CountDownLatch(1).await();
	}

	/** The web application: auto-configuration and the echo controller, nothing else. */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(EchoController.class)
	static class EchoApplication {

	}

	/** Sends back what it gets, read and written by Spring MVC's converters. */
	@RestController
	static class EchoController {

		@PostMapping(path = QUOTE_PATH, consumes = MediaType.APPLICATION_JSON_VALUE,
				produces = MediaType.APPLICATION_JSON_VALUE)
		Quote quote(@RequestBody Quote quote) {
			return quote;
		}

		@PostMapping(path = BYTES_PATH, consumes = MediaType.APPLICATION_OCTET_STREAM_VALUE,
				produces = MediaType.APPLICATION_OCTET_STREAM_VALUE)
		byte[] bytes(@RequestBody byte[] bytes) {
			return bytes;
		}

	}

}
