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

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One figure of a run: a median (or the single value) with, for latencies, the tail.
 *
 * @param id what was measured, such as {@code roundtrip.ipc.BYTES_64}
 * @param unit the unit of every figure
 * @param value the median, or the single value
 * @param p90 the 90th percentile, NaN when not a distribution
 * @param p99 the 99th percentile, NaN when not a distribution
 * @param p999 the 99.9th percentile, NaN when not a distribution
 * @param samples how many samples the figure comes from
 */
public record Measurement(String id, String unit, double value, double p90, double p99, double p999, long samples) {

	/** The first line of the results file. */
	static final String CSV_HEADER = "id,unit,p50,p90,p99,p999,samples";

	/**
	 * Makes a single-valued figure.
	 * @param id what was measured
	 * @param unit the unit
	 * @param value the value
	 * @param samples how many samples it comes from
	 * @return the figure
	 */
	static Measurement single(String id, String unit, double value, long samples) {
		return new Measurement(id, unit, value, Double.NaN, Double.NaN, Double.NaN, samples);
	}

	/**
	 * Makes a latency figure from raw samples.
	 * @param id what was measured
	 * @param samplesNs the samples in nanoseconds; sorted in place
	 * @return the figure, in microseconds
	 */
	static Measurement latency(String id, long[] samplesNs) {
		if (samplesNs.length == 0) {
			throw new IllegalArgumentException("no samples for " + id);
		}
		Arrays.sort(samplesNs);
		return new Measurement(id, "us", percentile(samplesNs, 50) / 1e3, percentile(samplesNs, 90) / 1e3,
				percentile(samplesNs, 99) / 1e3, percentile(samplesNs, 99.9) / 1e3, samplesNs.length);
	}

	/**
	 * Returns whether the figure is a distribution with a tail.
	 * @return whether the percentiles are set
	 */
	boolean isDistribution() {
		return !Double.isNaN(this.p99);
	}

	/** Nearest-rank percentile of sorted samples. */
	private static double percentile(long[] sorted, double percent) {
		int rank = (int) Math.ceil(percent / 100 * sorted.length);
		return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
	}

	/**
	 * Writes figures as CSV.
	 * @param file the file
	 * @param measurements the figures
	 * @throws IOException when the file cannot be written
	 */
	static void writeCsv(Path file, List<Measurement> measurements) throws IOException {
		List<String> lines = new ArrayList<>();
		lines.add(CSV_HEADER);
		for (Measurement m : measurements) {
			lines.add(String.join(",", m.id, m.unit, number(m.value), number(m.p90), number(m.p99), number(m.p999),
					Long.toString(m.samples)));
		}
		Files.createDirectories(file.toAbsolutePath().getParent());
		Files.write(file, lines, StandardCharsets.UTF_8);
	}

	/**
	 * Reads figures written by {@link #writeCsv}.
	 * @param file the file
	 * @return the figures
	 * @throws IOException when the file cannot be read or is not such a file
	 */
	static List<Measurement> readCsv(Path file) throws IOException {
		List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
		if (lines.isEmpty() || !lines.get(0).equals(CSV_HEADER)) {
			throw new IOException(file + " is not a results file: its first line is not " + CSV_HEADER);
		}
		List<Measurement> measurements = new ArrayList<>();
		for (String line : lines.subList(1, lines.size())) {
			if (line.isBlank()) {
				continue;
			}
			String[] cells = line.split(",", -1);
			if (cells.length != 7) {
				throw new IOException(file + " has a line of " + cells.length + " cells, not 7: " + line);
			}
			measurements.add(new Measurement(cells[0], cells[1], parse(cells[2]), parse(cells[3]), parse(cells[4]),
					parse(cells[5]), Long.parseLong(cells[6])));
		}
		return measurements;
	}

	private static String number(double value) {
		return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%.4f", value);
	}

	private static double parse(String cell) {
		return cell.isEmpty() ? Double.NaN : Double.parseDouble(cell);
	}

}
