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

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The table's verdicts: each target of issue 7 at its own bound, whichever way it points.
 */
class ResultTableTests {

	private static final int TARGETS = 10;

	@Test
	void shouldMeetEveryTargetWithFiguresInsideTheBounds() {
		ResultTable table = new ResultTable(figures(99, 9.9, 1.99, 300_001, 3.9, 0.49, 1.49, 1.49, 0.81));
		assertThat(results(table)).hasSize(TARGETS).allMatch((result) -> result.startsWith("met"));
		assertThat(table.missed()).isZero();
	}

	@Test
	void shouldMissEveryTargetWithFiguresJustOutsideTheBounds() {
		ResultTable table = new ResultTable(figures(101, 10.1, 2.01, 299_999, 4.1, 0.51, 1.51, 1.51, 0.79));
		assertThat(results(table)).hasSize(TARGETS).allMatch((result) -> result.startsWith("MISSED by"));
		assertThat(table.missed()).isEqualTo(TARGETS);
	}

	@Test
	void shouldSayByHowMuchATargetIsMissed() {
		ResultTable table = new ResultTable(figures(300, 10, 2, 300_000, 4, 0.5, 1.5, 3, 0.4));
		assertThat(table.targets().get(0).result()).isEqualTo("MISSED by 3.00x");
		assertThat(table.targets().get(4).result()).isEqualTo("met, 1.00x headroom");
		// "Under 0.5%": exactly 0.5% is not under.
		assertThat(table.targets().get(5).result()).isEqualTo("MISSED by 1.00x");
		assertThat(table.targets().get(7).result()).isEqualTo("MISSED by 2.00x");
		assertThat(table.targets().get(8).result()).isEqualTo("MISSED by 2.00x");
		assertThat(table.targets().get(9).result()).isEqualTo("MISSED by 1.00x");
	}

	@Test
	void shouldCompareZeroMqWithRawJeroMqOfTheSameRun() {
		ResultTable table = new ResultTable(figures(1, 1, 1, 1, 1, 1, 1, 1.2, 0.9));
		assertThat(table.targets()).filteredOn((row) -> row.name().startsWith("ZeroMQ"))
			.extracting(ResultTable.Row::ratio, ResultTable.Row::target)
			.containsExactly(tuple("1.20x", "<= 1.5x raw JeroMQ"), tuple("0.90x", ">= 0.8x raw JeroMQ"));
	}

	@Test
	void shouldKeepTwoSignificantDigitsOfATinyRatio() {
		ResultTable table = new ResultTable(figures(1, 1, 1, 1, 1, 1, 1, 1, 0.00187));
		assertThat(table.targets().get(8).ratio()).isEqualTo("0.0019x");
		assertThat(table.targets().get(8).result()).isEqualTo("MISSED by 427.81x");
	}

	@Test
	void shouldPutLoopbackHttpBesideTheRecordAfterTheOtherRows() {
		List<Measurement> figures = figures(1, 1, 1, 1, 1, 1, 1, 1, 1);
		figures.add(Measurement.latency("roundtrip.http.JSON_RECORD", new long[] { 200_000, 200_000, 700_000 }));
		figures.add(Measurement.latency("paced.http.JSON_RECORD", new long[] { 300_000 }));
		figures.add(Measurement.single("paced.ipc.JSON_RECORD", "us", 30, 1));
		String text = new ResultTable(figures).render("a run");
		assertThat(text).contains("| back-to-back, record, p50, vs HTTP ");
		assertThat(text.lines().filter((line) -> line.startsWith("| 1 request/ms, record, p50, vs HTTP ")))
			.singleElement()
			.satisfies((line) -> assertThat(line).contains("| 30.0 us ", "| 300 us ", "| 0.10x "));
		assertThat(text.indexOf("vs HTTP")).isGreaterThan(text.indexOf("resident memory, idle worker"));
	}

	@Test
	void shouldSayNotMeasuredWhenAFigureIsMissing() {
		ResultTable table = new ResultTable(List.of());
		assertThat(results(table)).hasSize(TARGETS).containsOnly("not measured");
	}

	/**
	 * Figures whose ratios are the given ones. The 8 MiB case is a bandwidth: the raw
	 * echo takes the given factor over twice the raw round trip, so ipc-worker has
	 * 2/factor of its bandwidth.
	 */
	private static List<Measurement> figures(double pacedOverInProcessPercent, double backToBackOverRaw,
			double recordOverBytes, double callsPerSecond, double eightMibSlowdown, double idlePercent,
			double startupRatio, double zmqOverJeroMq, double zmqThroughputOverJeroMq) {
		List<Measurement> figures = new ArrayList<>();
		figures.add(Measurement.single("paced.inprocess.BYTES_64", "us", 100, 1));
		figures.add(Measurement.single("paced.ipc.BYTES_64", "us", pacedOverInProcessPercent, 1));
		figures.add(Measurement.single("roundtrip.raw.BYTES_64", "us", 1, 1));
		figures.add(Measurement.single("roundtrip.ipc.BYTES_64", "us", backToBackOverRaw, 1));
		figures.add(Measurement.single("roundtrip.ipc.JSON_RECORD", "us", backToBackOverRaw * recordOverBytes, 1));
		figures.add(Measurement.single("throughput.ipc", "req/s", callsPerSecond, 1));
		figures.add(Measurement.single("throughput.inprocess", "req/s", 1_000_000, 1));
		figures.add(Measurement.single("roundtrip.raw.BYTES_8M", "us", 1000, 1));
		figures.add(Measurement.single("roundtrip.ipc.BYTES_8M", "us", 1000 * eightMibSlowdown / 2, 1));
		figures.add(Measurement.single("idle.cpu.total", "% of a core", idlePercent, 1));
		figures.add(Measurement.single("idle.cpu.bare", "% of a core", 0.1, 1));
		figures.add(Measurement.single("idle.zmq.cpu.total", "% of a core", idlePercent, 1));
		figures.add(Measurement.single("startup.bare", "ms", 1000, 1));
		figures.add(Measurement.single("startup.group", "ms", 1000 * startupRatio, 1));
		figures.add(Measurement.single("roundtrip.jeromq.BYTES_64", "us", 50, 1));
		figures.add(Measurement.single("roundtrip.zmq.BYTES_64", "us", 50 * zmqOverJeroMq, 1));
		figures.add(Measurement.single("throughput.jeromq", "req/s", 100_000, 1));
		figures.add(Measurement.single("throughput.zmq", "req/s", 100_000 * zmqThroughputOverJeroMq, 1));
		return figures;
	}

	private static List<String> results(ResultTable table) {
		return table.targets().stream().map(ResultTable.Row::result).toList();
	}

}
