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

import io.github.ipcworker.IpcHandler;
import io.github.ipcworker.IpcWorker;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

/**
 * The application every benchmark starts: two echo workers, one for bytes and one for a
 * record through the JSON codec. Its {@code application.properties} turns group
 * auto-start off, so that each benchmark starts only the group it measures, and sets two
 * workers per group, 1 MiB rings and a 32 MiB message limit.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({ BenchmarkApplication.EchoWorker.class, BenchmarkApplication.QuoteWorker.class })
public class BenchmarkApplication {

	/** The group that echoes {@code byte[]}. */
	public static final String ECHO_GROUP = "echo";

	/** The group that echoes a {@link Quote} through the JSON codec. */
	public static final String QUOTE_GROUP = "quote";

	/**
	 * Starts the application in this JVM; its groups are not started yet.
	 * @param args extra arguments, such as {@code --ipc.worker.prefetch=4}
	 * @return the context, to close when done
	 */
	public static ConfigurableApplicationContext run(String... args) {
		return new SpringApplicationBuilder(BenchmarkApplication.class).web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.run(args);
	}

	/** Sends back the bytes it gets. */
	@IpcWorker(group = ECHO_GROUP)
	public static class EchoWorker implements IpcHandler<byte[], byte[]> {

		@Override
		public byte[] handle(byte[] request) {
			return request;
		}

	}

	/** Sends back the record it gets; both ways go through the codec. */
	@IpcWorker(group = QUOTE_GROUP)
	public static class QuoteWorker implements IpcHandler<Quote, Quote> {

		@Override
		public Quote handle(Quote request) {
			return request;
		}

	}

	/**
	 * A small record, about 100 bytes of JSON.
	 *
	 * @param symbol an instrument
	 * @param sequence a sequence number
	 * @param bid a price
	 * @param ask another price
	 * @param size a quantity
	 * @param open a flag
	 */
	public record Quote(String symbol, long sequence, double bid, double ask, int size, boolean open) {

	}

}
