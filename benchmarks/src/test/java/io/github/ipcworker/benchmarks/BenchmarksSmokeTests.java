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

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every benchmark case for a moment, the way the benchmark command does (JMH forks,
 * the process harness, worker JVMs), so that the benchmarks cannot rot. Correctness only:
 * each case checks its answers, and no figure is compared with a target here.
 */
class BenchmarksSmokeTests {

	private static final List<String> EXPECTED = List.of("roundtrip.ipc.BYTES_64", "roundtrip.ipc.JSON_RECORD",
			"roundtrip.ipc.BYTES_1M", "roundtrip.ipc.BYTES_8M", "roundtrip.inprocess.BYTES_64",
			"roundtrip.inprocess.JSON_RECORD", "roundtrip.inprocess.BYTES_1M", "roundtrip.inprocess.BYTES_8M",
			"roundtrip.raw.BYTES_64", "roundtrip.raw.BYTES_1M", "roundtrip.raw.BYTES_8M", "roundtrip.zmq.BYTES_64",
			"roundtrip.zmq.JSON_RECORD", "roundtrip.zmq.BYTES_1M", "roundtrip.zmq.BYTES_8M",
			"roundtrip.zmqcurve.BYTES_64", "roundtrip.zmqcurve.BYTES_1M", "roundtrip.jeromq.BYTES_64",
			"roundtrip.jeromq.BYTES_1M", "roundtrip.jeromq.BYTES_8M", "roundtrip.http.BYTES_64",
			"roundtrip.http.JSON_RECORD", "roundtrip.http.BYTES_1M", "roundtrip.http.BYTES_8M", "paced.ipc.JSON_RECORD",
			"paced.http.JSON_RECORD", "throughput.ipc", "throughput.inprocess", "throughput.zmq", "throughput.jeromq",
			"throughput.ipcpipelined", "throughput.zmqpipelined", "paced.ipc.BYTES_64", "paced.inprocess.BYTES_64",
			"startup.group", "startup.group.first", "startup.bare", "startup.group.light", "startup.group.archive",
			"startup.group.archive.first", "startup.cpu.group", "startup.cpu.bare", "idle.cpu.total", "idle.cpu.parent",
			"idle.cpu.workers", "idle.cpu.bare", "idle.cpu.threads.total", "idle.cpu.threads.bare",
			"idle.zmq.cpu.total", "idle.zmq.cpu.parent", "idle.zmq.cpu.workers", "rss.worker", "rss.bare");

	@Test
	// Two more JMH trials (CURVE) and one more group (idle ZeroMQ) took a run to 232 s on
	// a busy two-core machine: room for that, still a deadline.
	@Timeout(value = 6, unit = TimeUnit.MINUTES)
	void shouldRunEveryCaseAndLeaveNothingBehind(@TempDir Path output) throws Exception {
		BenchmarkRunner.Outcome outcome = BenchmarkRunner.run(Settings.of("smoke"), output);
		Map<String, Measurement> byId = outcome.measurements()
			.stream()
			.collect(Collectors.toMap(Measurement::id, Function.identity()));
		assertThat(byId).containsKeys(EXPECTED.toArray(String[]::new));
		for (String id : EXPECTED) {
			Measurement measurement = byId.get(id);
			assertThat(measurement.samples()).as(id).isPositive();
			assertThat(measurement.value()).as(id).isFinite().isNotNegative();
		}
		for (String id : EXPECTED) {
			if (!id.startsWith("idle.")) {
				assertThat(byId.get(id).value()).as(id).isPositive();
			}
		}
		assertThat(byId.get("leftover.processes").value()).isZero();
		assertThat(byId.get("leftover.files").value()).isZero();
		assertThat(outcome.leftovers()).isEmpty();
		assertThat(outcome.table().targets()).noneMatch((row) -> row.result().equals("not measured"));
		assertThat(Measurement.readCsv(output.resolve("results.csv"))).hasSameSizeAs(outcome.measurements());
		assertThat(Files.readString(output.resolve("table.md"))).contains("Targets")
			.contains("32 callers")
			.contains("ZeroMQ");
		DocumentBuilderFactory.newInstance()
			.newDocumentBuilder()
			.parse(output.resolve("latency-by-payload.svg").toFile());
	}

}
