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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

import org.jspecify.annotations.Nullable;

/**
 * The table a run prints: each target of issue 7 with ipc-worker's figure, its baseline
 * of the same run, the ratio and whether the target is met, then figures without a
 * target, then the latency distributions. Ratios are ipc-worker's figure over the
 * baseline's. A target is never relaxed here: a missed one says by how much.
 */
final class ResultTable {

	private static final double EIGHT_MIB = 8 << 20;

	private final Map<String, Measurement> byId = new LinkedHashMap<>();

	private final List<Row> targets = new ArrayList<>();

	private final List<Row> others = new ArrayList<>();

	ResultTable(List<Measurement> measurements) {
		for (Measurement measurement : measurements) {
			this.byId.put(measurement.id(), measurement);
		}
		addTargets();
		addOthers();
	}

	/**
	 * Returns the rows of the targets.
	 * @return the rows
	 */
	List<Row> targets() {
		return this.targets;
	}

	private void addTargets() {
		this.targets.add(ratio("1 request/ms, 64 B, p50", "paced.ipc.BYTES_64", "paced.inprocess.BYTES_64",
				"in-process executor", ResultTable::micros, Limit.atMostRatio(1, "<= 1x in-process")));
		this.targets.add(ratio("back-to-back, 64 B, p50", "roundtrip.ipc.BYTES_64", "roundtrip.raw.BYTES_64",
				"raw ring round trip", ResultTable::micros, Limit.atMostRatio(10, "<= 10x raw ring")));
		this.targets.add(ratio("back-to-back, JSON record, p50", "roundtrip.ipc.JSON_RECORD", "roundtrip.ipc.BYTES_64",
				"ipc-worker, 64 B", ResultTable::micros, Limit.atMostRatio(2, "<= 2x 64 B byte[]")));
		this.targets.add(ratio("32 callers, 64 B, 2 workers", "throughput.ipc", "throughput.inprocess",
				"in-process, 2 threads", ResultTable::perSecond, Limit.atLeastValue(300_000, ">= 300,000 req/s")));
		this.targets.add(bandwidth());
		this.targets.add(ratio("idle group of 2 workers, CPU", "idle.cpu.total", "idle.cpu.bare", "one idle bare JVM",
				ResultTable::percent, Limit.belowValue(0.5, "< 0.5% of a core, parent+workers")));
		this.targets.add(ratio("start-up, group of 2 workers, no archive", "startup.group", "startup.bare",
				"one bare JVM start", ResultTable::millis, Limit.atMostRatio(1.5, "<= 1.5x bare JVM start")));
		this.targets.add(ratio("ZeroMQ back-to-back, 64 B, p50", "roundtrip.zmq.BYTES_64", "roundtrip.jeromq.BYTES_64",
				"raw JeroMQ DEALER/ROUTER round trip", ResultTable::micros,
				Limit.atMostRatio(1.5, "<= 1.5x raw JeroMQ")));
		this.targets.add(ratio("ZeroMQ 32 callers, 64 B, 2 workers", "throughput.zmq", "throughput.jeromq",
				"raw JeroMQ, 32 in flight", ResultTable::perSecond, Limit.atLeastRatio(0.8, ">= 0.8x raw JeroMQ")));
		this.targets.add(ratio("idle ZeroMQ group of 2 workers, CPU", "idle.zmq.cpu.total", "idle.cpu.bare",
				"one idle bare JVM", ResultTable::percent, Limit.belowValue(0.5, "< 0.5% of a core, parent+workers")));
	}

	private void addOthers() {
		this.others.add(ratio("back-to-back, 64 B, p50", "roundtrip.ipc.BYTES_64", "roundtrip.inprocess.BYTES_64",
				"in-process executor", ResultTable::micros, null));
		this.others.add(ratio("back-to-back, record, p50", "roundtrip.ipc.JSON_RECORD",
				"roundtrip.inprocess.JSON_RECORD", "in-process (no codec)", ResultTable::micros, null));
		this.others.add(ratio("back-to-back, 1 MiB, p50", "roundtrip.ipc.BYTES_1M", "roundtrip.raw.BYTES_1M",
				"raw ring round trip", ResultTable::micros, null));
		this.others.add(ratio("back-to-back, 8 MiB, p50", "roundtrip.ipc.BYTES_8M", "roundtrip.raw.BYTES_8M",
				"raw ring round trip", ResultTable::micros, null));
		this.others.add(tail("back-to-back, 64 B, p99", "roundtrip.ipc.BYTES_64", "roundtrip.raw.BYTES_64",
				"raw ring round trip"));
		this.others.add(tail("1 request/ms, 64 B, p99", "paced.ipc.BYTES_64", "paced.inprocess.BYTES_64",
				"in-process executor"));
		this.others.add(ratio("ZeroMQ back-to-back, 64 B, p50", "roundtrip.zmq.BYTES_64", "roundtrip.ipc.BYTES_64",
				"ipc-worker, shared memory", ResultTable::micros, null));
		this.others.add(ratio("ZeroMQ back-to-back, record, p50", "roundtrip.zmq.JSON_RECORD", "roundtrip.zmq.BYTES_64",
				"ipc-worker on ZeroMQ, 64 B", ResultTable::micros, null));
		this.others.add(ratio("ZeroMQ back-to-back, 1 MiB, p50", "roundtrip.zmq.BYTES_1M", "roundtrip.jeromq.BYTES_1M",
				"raw JeroMQ round trip", ResultTable::micros, null));
		this.others.add(ratio("ZeroMQ back-to-back, 8 MiB, p50", "roundtrip.zmq.BYTES_8M", "roundtrip.jeromq.BYTES_8M",
				"raw JeroMQ round trip", ResultTable::micros, null));
		this.others.add(tail("ZeroMQ back-to-back, 64 B, p99", "roundtrip.zmq.BYTES_64", "roundtrip.jeromq.BYTES_64",
				"raw JeroMQ round trip"));
		this.others.add(ratio("ZeroMQ with CURVE, 64 B, p50", "roundtrip.zmqcurve.BYTES_64", "roundtrip.zmq.BYTES_64",
				"the same without CURVE", ResultTable::micros, null));
		this.others.add(ratio("ZeroMQ with CURVE, 1 MiB, p50", "roundtrip.zmqcurve.BYTES_1M", "roundtrip.zmq.BYTES_1M",
				"the same without CURVE", ResultTable::micros, null));
		this.others.add(ratio("ZeroMQ 32 callers, 64 B, 2 workers", "throughput.zmq", "throughput.ipc",
				"ipc-worker, shared memory", ResultTable::perSecond, null));
		this.others.add(ratio("ZeroMQ 32 in flight from one thread (submit)", "throughput.zmqpipelined",
				"throughput.jeromq", "raw JeroMQ, 32 in flight", ResultTable::perSecond, null));
		this.others.add(ratio("32 in flight from one thread (submit)", "throughput.ipcpipelined",
				"throughput.inprocess", "in-process, 2 threads", ResultTable::perSecond, null));
		this.others.add(ratio("start-up, first group start", "startup.group.first", "startup.bare",
				"one bare JVM start", ResultTable::millis, null));
		this.others.add(ratio("start-up, group of 2, with archive", "startup.group.archive", "startup.bare",
				"one bare JVM start", ResultTable::millis, null));
		this.others.add(ratio("start-up, first start writing the archive", "startup.group.archive.first",
				"startup.bare", "one bare JVM start", ResultTable::millis, null));
		this.others.add(ratio("start-up, workers C1-only + SerialGC", "startup.group.light", "startup.bare",
				"one bare JVM start", ResultTable::millis, null));
		this.others.add(ratio("start-up, CPU time used by the workers", "startup.cpu.group", "startup.cpu.bare",
				"CPU time of one bare JVM start", ResultTable::millis, null));
		this.others.add(ratio("idle CPU, parent JVM only", "idle.cpu.parent", "idle.cpu.bare", "one idle bare JVM",
				ResultTable::percent, null));
		this.others.add(ratio("idle CPU, 2 workers only", "idle.cpu.workers", "idle.cpu.bare", "one idle bare JVM",
				ResultTable::percent, null));
		this.others.add(ratio("idle ZeroMQ CPU, parent JVM only", "idle.zmq.cpu.parent", "idle.cpu.bare",
				"one idle bare JVM", ResultTable::percent, null));
		this.others.add(ratio("idle ZeroMQ CPU, 2 workers only", "idle.zmq.cpu.workers", "idle.cpu.bare",
				"one idle bare JVM", ResultTable::percent, null));
		this.others.add(ratio("idle group CPU, by thread counters", "idle.cpu.threads.total", "idle.cpu.threads.bare",
				"one idle bare JVM", ResultTable::percent, null));
		this.others.add(ratio("resident memory, idle worker", "rss.worker", "rss.bare", "idle bare JVM",
				ResultTable::mebibytes, null));
		// The baseline a Spring user knows: a JSON post to a second Spring Boot process.
		// Last, so that the rows above keep their places.
		String http = "loopback HTTP, JSON to Tomcat";
		this.others.add(ratio("back-to-back, record, p50, vs HTTP", "roundtrip.ipc.JSON_RECORD",
				"roundtrip.http.JSON_RECORD", http, ResultTable::micros, null));
		this.others.add(tail("back-to-back, record, p99, vs HTTP", "roundtrip.ipc.JSON_RECORD",
				"roundtrip.http.JSON_RECORD", http));
		this.others.add(ratio("1 request/ms, record, p50, vs HTTP", "paced.ipc.JSON_RECORD", "paced.http.JSON_RECORD",
				http, ResultTable::micros, null));
		this.others
			.add(tail("1 request/ms, record, p99, vs HTTP", "paced.ipc.JSON_RECORD", "paced.http.JSON_RECORD", http));
		this.others.add(ratio("ZeroMQ back-to-back, record, p50, vs HTTP", "roundtrip.zmq.JSON_RECORD",
				"roundtrip.http.JSON_RECORD", http, ResultTable::micros, null));
		this.others.add(tail("ZeroMQ back-to-back, record, p99, vs HTTP", "roundtrip.zmq.JSON_RECORD",
				"roundtrip.http.JSON_RECORD", http));
		this.others.add(ratio("back-to-back, 1 MiB, p50, vs HTTP", "roundtrip.ipc.BYTES_1M", "roundtrip.http.BYTES_1M",
				"loopback HTTP, octet stream to Tomcat", ResultTable::micros, null));
	}

	private Row ratio(String name, String ipcId, String baselineId, String baselineName, Format format,
			@Nullable Limit limit) {
		Measurement ipc = this.byId.get(ipcId);
		Measurement baseline = this.byId.get(baselineId);
		return row(name, (ipc != null) ? ipc.value() : Double.NaN, (baseline != null) ? baseline.value() : Double.NaN,
				baselineName, format, limit);
	}

	private Row tail(String name, String ipcId, String baselineId, String baselineName) {
		Measurement ipc = this.byId.get(ipcId);
		Measurement baseline = this.byId.get(baselineId);
		return row(name, (ipc != null) ? ipc.p99() : Double.NaN, (baseline != null) ? baseline.p99() : Double.NaN,
				baselineName, ResultTable::micros, null);
	}

	/**
	 * Bandwidth of an 8 MiB echo: the bytes that cross, both ways, over the median round
	 * trip.
	 */
	private Row bandwidth() {
		DoubleUnaryOperator gibPerSecond = (micros) -> 2 * EIGHT_MIB / (micros * 1e-6) / (1 << 30);
		Measurement ipc = this.byId.get("roundtrip.ipc.BYTES_8M");
		Measurement raw = this.byId.get("roundtrip.raw.BYTES_8M");
		return row("8 MiB echo, bandwidth", (ipc != null) ? gibPerSecond.applyAsDouble(ipc.value()) : Double.NaN,
				(raw != null) ? gibPerSecond.applyAsDouble(raw.value()) : Double.NaN, "raw copy through the ring",
				(value) -> String.format(Locale.ROOT, "%.2f GiB/s", value),
				Limit.atLeastRatio(0.5, ">= 0.5x raw copy"));
	}

	private static Row row(String name, double ipc, double baseline, String baselineName, Format format,
			@Nullable Limit limit) {
		double ratio = ipc / baseline;
		String result = "";
		if (limit != null) {
			double figure = limit.onRatio ? ratio : ipc;
			if (Double.isNaN(figure)) {
				result = "not measured";
			}
			else {
				// How far from the limit, as a factor above 1 whichever way the limit
				// points.
				double over = limit.atMost ? figure / limit.value : limit.value / figure;
				boolean met = limit.strict ? over < 1 : over <= 1;
				result = met ? String.format(Locale.ROOT, "met, %.2fx headroom", 1 / over)
						: String.format(Locale.ROOT, "MISSED by %.2fx", over);
			}
		}
		return new Row(name, Double.isNaN(ipc) ? "-" : format.format(ipc),
				Double.isNaN(baseline) ? "-" : format.format(baseline), baselineName,
				(Double.isNaN(ratio) || Double.isInfinite(ratio)) ? "-" : ratio(ratio),
				(limit != null) ? limit.text : "", result);
	}

	/**
	 * Returns how many targets were missed.
	 * @return the count
	 */
	long missed() {
		return this.targets.stream().filter((row) -> row.result().startsWith("MISSED")).count();
	}

	/**
	 * Renders the whole table as Markdown, aligned so that it reads as plain text too.
	 * @param heading a line about the run
	 * @return the text
	 */
	String render(String heading) {
		StringBuilder text = new StringBuilder();
		text.append(heading).append("\n\n");
		String[] columns = { "case", "ipc-worker", "baseline", "baseline is", "ratio", "target", "result" };
		text.append("Targets (ratio = ipc-worker / baseline)\n\n");
		table(text, columns, this.targets.stream().map(Row::cells).toList());
		text.append("\nWithout a target\n\n");
		table(text, columns, this.others.stream().map(Row::cells).toList());
		text.append("\nLatency distributions (microseconds)\n\n");
		List<String[]> distributions = new ArrayList<>();
		for (Measurement m : this.byId.values()) {
			if (m.isDistribution()) {
				distributions.add(new String[] { m.id(), micros(m.value()), micros(m.p90()), micros(m.p99()),
						micros(m.p999()), Long.toString(m.samples()) });
			}
		}
		table(text, new String[] { "measurement", "p50", "p90", "p99", "p99.9", "samples" }, distributions);
		return text.toString();
	}

	private static void table(StringBuilder text, String[] header, List<String[]> rows) {
		int[] widths = new int[header.length];
		for (int i = 0; i < header.length; i++) {
			widths[i] = header[i].length();
			for (String[] row : rows) {
				widths[i] = Math.max(widths[i], row[i].length());
			}
		}
		line(text, header, widths);
		String[] rule = new String[header.length];
		for (int i = 0; i < header.length; i++) {
			rule[i] = "-".repeat(widths[i]);
		}
		line(text, rule, widths);
		for (String[] row : rows) {
			line(text, row, widths);
		}
	}

	private static void line(StringBuilder text, String[] cells, int[] widths) {
		text.append('|');
		for (int i = 0; i < cells.length; i++) {
			text.append(' ').append(cells[i]).append(" ".repeat(widths[i] - cells[i].length())).append(" |");
		}
		text.append('\n');
	}

	/** A ratio with two decimals, or two significant digits when smaller than 0.01. */
	private static String ratio(double ratio) {
		return String.format(Locale.ROOT, (ratio < 0.01) ? "%.2gx" : "%.2fx", ratio);
	}

	static String micros(double value) {
		if (Double.isNaN(value)) {
			return "-";
		}
		if (value >= 10_000) {
			return String.format(Locale.ROOT, "%.2f ms", value / 1000);
		}
		return String.format(Locale.ROOT, (value < 10) ? "%.2f us" : (value < 100) ? "%.1f us" : "%.0f us", value);
	}

	private static String perSecond(double value) {
		return String.format(Locale.ROOT, "%,.0f req/s", value);
	}

	private static String percent(double value) {
		return String.format(Locale.ROOT, "%.3f%%", value);
	}

	private static String millis(double value) {
		return String.format(Locale.ROOT, "%.0f ms", value);
	}

	private static String mebibytes(double value) {
		return String.format(Locale.ROOT, "%.0f MiB", value);
	}

	/** Formats a figure with its unit. */
	@FunctionalInterface
	private interface Format {

		String format(double value);

	}

	/**
	 * A target: a bound on the ratio or on ipc-worker's own figure.
	 */
	private record Limit(double value, boolean atMost, boolean onRatio, boolean strict, String text) {

		static Limit atMostRatio(double value, String text) {
			return new Limit(value, true, true, false, text);
		}

		static Limit atLeastRatio(double value, String text) {
			return new Limit(value, false, true, false, text);
		}

		/** A figure that must stay below the value: equal to it is missed. */
		static Limit belowValue(double value, String text) {
			return new Limit(value, true, false, true, text);
		}

		static Limit atLeastValue(double value, String text) {
			return new Limit(value, false, false, false, text);
		}

	}

	/**
	 * One line of the table.
	 *
	 * @param name the case
	 * @param ipc ipc-worker's figure
	 * @param baseline the baseline's figure
	 * @param baselineName what the baseline is
	 * @param ratio ipc-worker's figure over the baseline's
	 * @param target the target, empty when none
	 * @param result met or missed, and by how much
	 */
	record Row(String name, String ipc, String baseline, String baselineName, String ratio, String target,
			String result) {

		String[] cells() {
			return new String[] { this.name, this.ipc, this.baseline, this.baselineName, this.ratio, this.target,
					this.result };
		}

	}

}
