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

import java.util.concurrent.TimeUnit;

import io.github.ipcworker.benchmarks.BenchmarkApplication.Quote;
import io.github.ipcworker.codec.JacksonPayloadCodec;
import io.github.ipcworker.codec.PayloadCodec;
import io.github.ipcworker.codec.PayloadCodec.Payload;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.module.blackbird.BlackbirdModule;

/**
 * The codec alone, per wire format: writing and reading the benchmark's {@link Quote},
 * the record of the back-to-back record round trip. Not part of the full run; run it with
 * {@code java -cp <the module's class path> org.openjdk.jmh.Main CodecBenchmarks}.
 * <p>
 * Formats: {@code json} and {@code smile} through {@link JacksonPayloadCodec} (readers
 * and writers kept per type), each also with the Blackbird module ({@code -blackbird}),
 * which replaces reflection with generated lambdas; and {@code json-uncached}, the mapper
 * called directly per value as the codec did before it kept readers and writers.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class CodecBenchmarks {

	/** The wire format. */
	@Param({ "json-uncached", "json", "json-blackbird", "smile", "smile-blackbird" })
	public String format = "json";

	private final Quote quote = new Quote("EURUSD", 123456789L, 1.08345, 1.08351, 1_000_000, true);

	private PayloadCodec codec;

	private Payload encoded;

	/** Builds the codec and one encoded value to decode. */
	@Setup
	public void setUp() {
		JsonMapper plain = JsonMapper.builder().build();
		JsonMapper blackbird = JsonMapper.builder().addModule(new BlackbirdModule()).build();
		this.codec = switch (this.format) {
			case "json-uncached" -> new UncachedJson(plain);
			case "json" -> new JacksonPayloadCodec(plain, JacksonPayloadCodec.JSON);
			case "json-blackbird" -> new JacksonPayloadCodec(blackbird, JacksonPayloadCodec.JSON);
			case "smile" -> new JacksonPayloadCodec(plain, JacksonPayloadCodec.SMILE);
			case "smile-blackbird" -> new JacksonPayloadCodec(blackbird, JacksonPayloadCodec.SMILE);
			default -> throw new IllegalArgumentException(this.format);
		};
		this.encoded = this.codec.encode(this.quote);
		if (!this.quote.equals(this.codec.decode(this.encoded, Quote.class))) {
			throw new IllegalStateException(this.format + " does not round-trip the record");
		}
	}

	/**
	 * Writes the record.
	 * @return the payload
	 */
	@Benchmark
	public Payload encode() {
		return this.codec.encode(this.quote);
	}

	/**
	 * Reads the record.
	 * @return the record
	 */
	@Benchmark
	public Object decode() {
		return this.codec.decode(this.encoded, Quote.class);
	}

	/**
	 * The mapper called per value: the type resolved and the root (de)serializer found
	 * each time.
	 */
	private record UncachedJson(JsonMapper mapper) implements PayloadCodec {

		@Override
		public Payload encode(Object value) {
			return new Payload(0, this.mapper.writeValueAsBytes(value));
		}

		@Override
		public Object decode(Payload payload, java.lang.reflect.Type type) {
			return this.mapper.readValue(payload.bytes(), this.mapper.constructType(type));
		}

	}

}
