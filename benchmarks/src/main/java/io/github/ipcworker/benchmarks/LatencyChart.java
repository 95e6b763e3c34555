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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Draws the README's chart from a results file: median round-trip latency by payload
 * size, log-log, one line per way of making the call. Plain SVG written by hand, so that
 * the chart needs nothing but the JDK to regenerate:
 * {@code java -cp benchmarks/target/classes io.github.ipcworker.benchmarks.LatencyChart
 * benchmarks/target/benchmarks/results.csv docs/benchmarks/latency-by-payload.svg}.
 */
public final class LatencyChart {

	private static final int WIDTH = 880;

	private static final int HEIGHT = 440;

	private static final int LEFT = 80;

	private static final int RIGHT = 540;

	private static final int TOP = 70;

	private static final int BOTTOM = 380;

	private static final double MIN_LOG2_BYTES = 5;

	private static final double MAX_LOG2_BYTES = 24;

	/**
	 * The sizes measured, smallest first; a line joins two points only when they are
	 * neighbours here, so that it never stands for a size that was not measured.
	 */
	private static final Payload[] SIZES = { Payload.BYTES_64, Payload.BYTES_1K, Payload.BYTES_16K, Payload.BYTES_256K,
			Payload.BYTES_1M, Payload.BYTES_8M };

	/** Sizes per line of figures in a legend entry. */
	private static final int FIGURES_PER_LINE = 3;

	private static final List<Series> SERIES = List.of(
			new Series("roundtrip.ipc.", "ipc-worker, shared memory", "#1f77b4", ""),
			new Series("roundtrip.raw.", "raw ring, no codec or dispatch", "#7f7f7f", "6,4"),
			new Series("roundtrip.zmq.", "ipc-worker, ZeroMQ (tcp loopback)", "#ff7f0e", ""),
			new Series("roundtrip.jeromq.", "raw JeroMQ DEALER/ROUTER", "#8c564b", "6,4"),
			new Series("roundtrip.inprocess.", "in-process executor", "#2ca02c", "2,3"),
			new Series("roundtrip.http.", "loopback HTTP to Spring MVC on Tomcat", "#d62728", "8,3,2,3"));

	/** Vertical space of one legend entry: its line and two lines of figures. */
	private static final int LEGEND_STEP = 50;

	private LatencyChart() {
	}

	/**
	 * Draws the chart.
	 * @param args the results file, the SVG file, and optionally a line about the run
	 * @throws IOException when a file cannot be read or written
	 */
	public static void main(String[] args) throws IOException {
		if (args.length < 2) {
			System.err.println("usage: LatencyChart <results.csv> <chart.svg> [subtitle]");
			System.exit(2);
		}
		write(Measurement.readCsv(Path.of(args[0])), Path.of(args[1]), (args.length > 2) ? args[2] : "");
	}

	/**
	 * Draws the chart of some figures.
	 * @param measurements the figures; those of other cases are ignored
	 * @param file the SVG file to write
	 * @param subtitle a line about the run
	 * @throws IOException when the file cannot be written
	 */
	public static void write(List<Measurement> measurements, Path file, String subtitle) throws IOException {
		Map<String, Measurement> byId = measurements.stream()
			.collect(Collectors.toMap(Measurement::id, Function.identity(), (a, b) -> b));
		double min = Double.MAX_VALUE;
		double max = 0;
		for (Series series : SERIES) {
			for (Payload size : SIZES) {
				Measurement m = byId.get(series.idPrefix + size.name());
				if (m != null && m.value() > 0) {
					min = Math.min(min, m.value());
					max = Math.max(max, m.value());
				}
			}
		}
		if (max == 0) {
			throw new IOException("the results hold no round-trip figures to draw");
		}
		int lowDecade = (int) Math.floor(Math.log10(min));
		int highDecade = (int) Math.ceil(Math.log10(max));
		if (highDecade == lowDecade) {
			highDecade++;
		}
		Axes axes = new Axes(lowDecade, highDecade);
		StringBuilder svg = new StringBuilder();
		svg.append(String.format(Locale.ROOT,
				"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
						+ "font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">%n",
				WIDTH, HEIGHT, WIDTH, HEIGHT));
		svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>%n", WIDTH, HEIGHT));
		text(svg, LEFT, 28, "start", 16, "bold", "Round-trip latency by payload size (median, one caller)");
		text(svg, LEFT, 48, "start", 11, "normal", subtitle);
		drawAxes(svg, axes);
		int legendY = TOP + 10;
		for (Series series : SERIES) {
			drawSeries(svg, axes, series, byId);
			legend(svg, legendY, series, figures(series, byId));
			legendY += LEGEND_STEP;
		}
		svg.append("</svg>\n");
		Path parent = file.toAbsolutePath().getParent();
		if (parent != null) {
			Files.createDirectories(parent);
		}
		Files.writeString(file, svg.toString(), StandardCharsets.UTF_8);
	}

	private static void drawAxes(StringBuilder svg, Axes axes) {
		for (int decade = axes.lowDecade; decade <= axes.highDecade; decade++) {
			double y = axes.y(Math.pow(10, decade));
			svg.append(String.format(Locale.ROOT,
					"<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e5e5e5\"/>%n", LEFT, y, RIGHT, y));
			text(svg, LEFT - 8, y + 4, "end", 11, "normal", decade(decade));
		}
		int[] ticks = { 6, 10, 14, 18, 20, 23 };
		for (int log2 : ticks) {
			double x = axes.x(Math.pow(2, log2));
			svg.append(String.format(Locale.ROOT,
					"<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#e5e5e5\"/>%n", x, TOP, x, BOTTOM));
			text(svg, x, BOTTOM + 18, "middle", 11, "normal", bytes(log2));
		}
		svg.append(String.format(Locale.ROOT,
				"<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#888888\"/>%n", LEFT, TOP,
				RIGHT - LEFT, BOTTOM - TOP));
		text(svg, (LEFT + RIGHT) / 2.0, BOTTOM + 40, "middle", 12, "normal", "payload size (log scale)");
		svg.append(String.format(Locale.ROOT,
				"<text x=\"18\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"12\" "
						+ "transform=\"rotate(-90 18 %.1f)\">round trip, p50 (log scale)</text>%n",
				(TOP + BOTTOM) / 2.0, (TOP + BOTTOM) / 2.0));
	}

	private static void drawSeries(StringBuilder svg, Axes axes, Series series, Map<String, Measurement> byId) {
		List<double[]> points = new ArrayList<>();
		StringBuilder path = new StringBuilder();
		boolean previousMeasured = false;
		boolean anySegment = false;
		for (Payload size : SIZES) {
			Measurement m = byId.get(series.idPrefix + size.name());
			if (m == null || m.value() <= 0) {
				previousMeasured = false;
				continue;
			}
			double[] point = { axes.x(size.length()), axes.y(m.value()) };
			points.add(point);
			// A gap in the sizes starts the line afresh rather than bridging it.
			path.append(previousMeasured ? " L" : (path.length() == 0) ? "M" : " M")
				.append(String.format(Locale.ROOT, "%.1f %.1f", point[0], point[1]));
			anySegment |= previousMeasured;
			previousMeasured = true;
		}
		if (anySegment) {
			svg.append(String.format(Locale.ROOT, "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s/>%n",
					path, series.color, dash(series.dash)));
		}
		for (double[] point : points) {
			svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\"/>%n", point[0],
					point[1], series.color));
		}
	}

	/**
	 * The series' figures as lines for its legend entry, rather than beside its points,
	 * where six series' labels would overlap.
	 */
	private static List<String> figures(Series series, Map<String, Measurement> byId) {
		List<String> figures = new ArrayList<>();
		for (Payload size : SIZES) {
			Measurement m = byId.get(series.idPrefix + size.name());
			if (m != null && m.value() > 0) {
				figures.add(size.label() + " " + ResultTable.micros(m.value()));
			}
		}
		if (figures.isEmpty()) {
			return List.of("not measured");
		}
		List<String> lines = new ArrayList<>();
		for (int i = 0; i < figures.size(); i += FIGURES_PER_LINE) {
			lines.add(String.join(", ", figures.subList(i, Math.min(i + FIGURES_PER_LINE, figures.size()))));
		}
		return lines;
	}

	private static void legend(StringBuilder svg, int y, Series series, List<String> figures) {
		int x = RIGHT + 20;
		svg.append(String.format(Locale.ROOT,
				"<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"%s/>%n", x, y, x + 28, y,
				series.color, dash(series.dash)));
		svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"#222222\">%s</text>%n",
				x + 36, y + 4, escape(series.label)));
		for (int i = 0; i < figures.size(); i++) {
			svg.append(
					String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"10\" fill=\"#555555\">%s</text>%n",
							x + 36, y + 17 + 13 * i, escape(figures.get(i))));
		}
	}

	private static void text(StringBuilder svg, double x, double y, String anchor, int size, String weight,
			String content) {
		svg.append(String.format(Locale.ROOT,
				"<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\" font-weight=\"%s\" fill=\"#222222\">%s</text>%n",
				x, y, anchor, size, weight, escape(content)));
	}

	private static String decade(int decade) {
		if (decade >= 3) {
			return String.format(Locale.ROOT, "%.0f ms", Math.pow(10, decade - 3));
		}
		return (decade >= 0) ? String.format(Locale.ROOT, "%.0f us", Math.pow(10, decade))
				: String.format(Locale.ROOT, "%s us", Double.toString(Math.pow(10, decade)));
	}

	private static String dash(String dash) {
		return dash.isEmpty() ? "" : " stroke-dasharray=\"" + dash + "\"";
	}

	private static String bytes(int log2) {
		if (log2 >= 20) {
			return (1 << (log2 - 20)) + " MiB";
		}
		if (log2 >= 10) {
			return (1 << (log2 - 10)) + " KiB";
		}
		return (1 << log2) + " B";
	}

	private static String escape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
	}

	/** Maps bytes and microseconds to the plot area, both on log scales. */
	private record Axes(int lowDecade, int highDecade) {

		double x(double bytes) {
			double log2 = Math.log(bytes) / Math.log(2);
			return LEFT + (log2 - MIN_LOG2_BYTES) / (MAX_LOG2_BYTES - MIN_LOG2_BYTES) * (RIGHT - LEFT);
		}

		double y(double micros) {
			double log10 = Math.log10(micros);
			return BOTTOM - (log10 - this.lowDecade) / (this.highDecade - this.lowDecade) * (BOTTOM - TOP);
		}

	}

	/** One line of the chart. */
	private record Series(String idPrefix, String label, String color, String dash) {

	}

}
