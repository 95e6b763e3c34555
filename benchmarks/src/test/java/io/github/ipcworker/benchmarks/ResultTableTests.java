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

/**
 * The table's verdicts: each target of issue 7 at its own bound, whichever way it points.
 */
class ResultTableTests {

	@Test
	void shouldMeetEveryTargetWithFiguresInsideTheBounds() {
		ResultTable table = new ResultTable(figures(99, 9.9, 1.99, 300_001, 3.9, 0.49, 1.49));
		assertThat(resultsOfFirstSeven(table)).allMatch((result) -> result.startsWith("met"));
		assertThat(table.missed()).isZero();
	}

	@Test
	void shouldMissEveryTargetWithFiguresJustOutsideTheBounds() {
		ResultTable table = new ResultTable(figures(101, 10.1, 2.01, 299_999, 4.1, 0.51, 1.51));
		assertThat(resultsOfFirstSeven(table)).allMatch((result) -> result.startsWith("MISSED by"));
		assertThat(table.missed()).isEqualTo(7);
	}

	@Test
	void shouldSayByHowMuchATargetIsMissed() {
		ResultTable table = new ResultTable(figures(300, 10, 2, 300_000, 4, 0.5, 1.5));
		assertThat(table.targets().get(0).result()).isEqualTo("MISSED by 3.00x");
		assertThat(table.targets().get(4).result()).isEqualTo("met, 1.00x headroom");
	}

	@Test
	void shouldKeepTheZeroMqRowsPending() {
		ResultTable table = new ResultTable(figures(1, 1, 1, 1, 1, 1, 1));
		assertThat(table.targets()).filteredOn((row) -> row.name().startsWith("ZeroMQ"))
			.hasSize(2)
			.allMatch((row) -> row.result().startsWith("pending"));
	}

	@Test
	void shouldSayNotMeasuredWhenAFigureIsMissing() {
		ResultTable table = new ResultTable(List.of());
		assertThat(resultsOfFirstSeven(table)).containsOnly("not measured");
	}

	/**
	 * Figures whose ratios are the given ones. The 8 MiB case is a bandwidth: the raw
	 * echo takes the given factor over twice the raw round trip, so ipc-worker has
	 * 2/factor of its bandwidth.
	 */
	private static List<Measurement> figures(double pacedOverInProcessPercent, double backToBackOverRaw,
			double recordOverBytes, double callsPerSecond, double eightMibSlowdown, double idlePercent,
			double startupRatio) {
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
		figures.add(Measurement.single("startup.bare", "ms", 1000, 1));
		figures.add(Measurement.single("startup.group", "ms", 1000 * startupRatio, 1));
		return figures;
	}

	private static List<String> resultsOfFirstSeven(ResultTable table) {
		return table.targets().subList(0, 7).stream().map(ResultTable.Row::result).toList();
	}

}
