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
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.Statistics;

/**
 * Runs every benchmark case, prints one table of ipc-worker's figures beside their
 * baselines and the targets, and writes the figures ({@code results.csv}), the table
 * ({@code table.md}), the harness's notes and the chart ({@code latency-by-payload.svg})
 * to an output directory. JMH measures the hot loops, each in a JVM of its own;
 * {@link ProcessHarness} the process cases, in a JVM of its own too.
 *
 * <p>
 * Every JVM of the run carries a run id on its command line, worker JVMs included (they
 * inherit the parent's {@code -D} options), so that the run can prove at the end that it
 * left no process and no shared-memory file behind.
 */
public final class BenchmarkRunner {

	/** The system property that tags every JVM of a run. */
	static final String RUN_ID_PROPERTY = "ipcw.bench.run";

	private static final Duration HARNESS_TIMEOUT = Duration.ofMinutes(10);

	private static final Duration LEFTOVER_GRACE = Duration.ofSeconds(15);

	private static final Path SHARED_MEMORY = Path.of("/dev/shm");

	private BenchmarkRunner() {
	}

	/**
	 * Runs the benchmarks.
	 * @param args the output directory, then optionally the mode: full (the default),
	 * quick or smoke
	 * @throws Exception when a case fails
	 */
	public static void main(String[] args) throws Exception {
		Path output = Path.of((args.length > 0) ? args[0] : "target/benchmarks");
		Settings settings = Settings.of((args.length > 1 && !args[1].isBlank()) ? args[1] : "full");
		Outcome outcome = run(settings, output);
		System.out.println();
		System.out.println(outcome.table().render(outcome.heading()));
		System.out.println("Figures, table, notes and chart: " + output.toAbsolutePath());
		System.exit(outcome.leftovers().isEmpty() ? 0 : 1);
	}

	/**
	 * Runs every case and writes the results.
	 * @param settings how long to measure
	 * @param output the output directory
	 * @return the figures, the table and what was left behind
	 * @throws Exception when a case fails
	 */
	static Outcome run(Settings settings, Path output) throws Exception {
		Files.createDirectories(output);
		String runId = Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
		System.setProperty(RUN_ID_PROPERTY, runId);
		Set<String> filesBefore = sharedMemoryFiles();
		Instant startedAt = Instant.now();
		List<Measurement> measurements = new ArrayList<>();
		try {
			measurements.addAll(runJmh(settings, runId));
			measurements.addAll(runHarness(settings, output));
		}
		finally {
			System.clearProperty(RUN_ID_PROPERTY);
		}
		List<String> leftovers = leftovers(runId, filesBefore);
		String heading = String.format(Locale.ROOT, "ipc-worker benchmarks, %s run of %s: JDK %s, %s, %d cores, %s",
				settings.mode(), startedAt.truncatedTo(ChronoUnit.SECONDS), System.getProperty("java.version"),
				System.getProperty("os.arch"), Runtime.getRuntime().availableProcessors(),
				Duration.between(startedAt, Instant.now())
					.truncatedTo(ChronoUnit.SECONDS)
					.toString()
					.substring(2)
					.toLowerCase(Locale.ROOT) + " in all");
		ResultTable table = new ResultTable(measurements);
		Measurement.writeCsv(output.resolve("results.csv"), measurements);
		Files.writeString(output.resolve("table.md"), table.render(heading), StandardCharsets.UTF_8);
		LatencyChart.write(measurements, output.resolve("latency-by-payload.svg"),
				String.format(Locale.ROOT, "%s run, JDK %s, %d cores, %s", settings.mode(),
						System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
						startedAt.truncatedTo(ChronoUnit.DAYS).toString().substring(0, 10)));
		for (String leftover : leftovers) {
			System.err.println("LEFT BEHIND: " + leftover);
		}
		return new Outcome(measurements, table, heading, leftovers);
	}

	private static List<Measurement> runJmh(Settings settings, String runId) throws RunnerException {
		List<RunResult> results = new ArrayList<>();
		if (settings.everySize()) {
			results.addAll(new Runner(
					options(settings, runId).include("^" + Pattern.quote(RoundTripBenchmarks.class.getName() + "."))
						.include("^" + Pattern.quote(ThroughputBenchmarks.class.getName() + "."))
						.build())
				.run());
		}
		else {
			// JMH overrides a parameter for every benchmark that has it, and the states
			// list different payloads (the raw ones carry bytes only): one pass per
			// round-trip benchmark, each with its own payloads among the few sizes.
			List<Method> benchmarks = new ArrayList<>();
			for (Method method : RoundTripBenchmarks.class.getMethods()) {
				if (method.isAnnotationPresent(Benchmark.class)) {
					benchmarks.add(method);
				}
			}
			benchmarks.sort(Comparator.comparing(Method::getName));
			for (Method method : benchmarks) {
				ChainedOptionsBuilder options = options(settings, runId)
					.include("^" + Pattern.quote(RoundTripBenchmarks.class.getName() + "." + method.getName()) + "$");
				String[] payloads = fewerPayloads(method);
				if (payloads != null) {
					options.param("payload", payloads);
				}
				results.addAll(new Runner(options.build()).run());
			}
			results.addAll(new Runner(
					options(settings, runId).include("^" + Pattern.quote(ThroughputBenchmarks.class.getName() + "."))
						.build())
				.run());
		}
		List<Measurement> measurements = new ArrayList<>();
		for (RunResult result : results) {
			measurements.add(toMeasurement(result));
		}
		return measurements;
	}

	private static ChainedOptionsBuilder options(Settings settings, String runId) {
		return new OptionsBuilder().forks(1)
			.warmupIterations(settings.warmupIterations())
			.warmupTime(TimeValue.milliseconds(settings.warmupTime().toMillis()))
			.measurementIterations(settings.measurementIterations())
			.measurementTime(TimeValue.milliseconds(settings.measurementTime().toMillis()))
			// A stuck round trip fails the case rather than the whole run's time budget.
			.timeout(TimeValue.minutes(2))
			.jvmArgsAppend(jvmArgs(settings, runId))
			.shouldFailOnError(true)
			.verbosity(settings.verbosity());
	}

	/**
	 * The payloads a benchmark lists that are among {@link Settings#FEWER_PAYLOADS}, or
	 * {@code null} when its state has no payload parameter.
	 */
	private static String @Nullable [] fewerPayloads(Method benchmark) {
		for (Class<?> state : benchmark.getParameterTypes()) {
			try {
				Param param = state.getField("payload").getAnnotation(Param.class);
				if (param != null) {
					return Arrays.stream(param.value())
						.filter((name) -> Settings.FEWER_PAYLOADS.contains(Payload.valueOf(name)))
						.toArray(String[]::new);
				}
			}
			catch (NoSuchFieldException ex) {
				// Another kind of state.
			}
		}
		return null;
	}

	private static String[] jvmArgs(Settings settings, String runId) {
		List<String> args = new ArrayList<>();
		args.add("-D" + RUN_ID_PROPERTY + "=" + runId);
		args.addAll(settings.jvmArgs());
		return args.toArray(String[]::new);
	}

	private static Measurement toMeasurement(RunResult result) {
		BenchmarkParams params = result.getParams();
		String benchmark = params.getBenchmark();
		String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
		String subject = switch (method) {
			// ipc-worker over shared memory keeps the ids it had before ZeroMQ.
			case "ipcWorker" -> "zmq".equals(params.getParam("transport")) ? "zmq" : "ipc";
			case "ipcWorkerPipelined" -> "zmq".equals(params.getParam("transport")) ? "zmqpipelined" : "ipcpipelined";
			case "ipcWorkerCurve" -> "zmqcurve";
			case "inProcess" -> "inprocess";
			case "rawRing" -> "raw";
			case "rawJeroMq" -> "jeromq";
			case "http" -> "http";
			default -> throw new IllegalStateException("unknown benchmark " + benchmark);
		};
		Statistics statistics = result.getPrimaryResult().getStatistics();
		if (benchmark.startsWith(ThroughputBenchmarks.class.getName())) {
			return Measurement.single("throughput." + subject, "req/s", result.getPrimaryResult().getScore(),
					statistics.getN());
		}
		return new Measurement("roundtrip." + subject + "." + params.getParam("payload"), "us",
				statistics.getPercentile(50), statistics.getPercentile(90), statistics.getPercentile(99),
				statistics.getPercentile(99.9), statistics.getN());
	}

	private static List<Measurement> runHarness(Settings settings, Path output) throws Exception {
		Path results = output.resolve("harness.csv");
		Files.deleteIfExists(results);
		try (JavaProcess harness = JavaProcess.start("harness", ProcessHarness.class, settings.jvmArgs(),
				List.of(results.toAbsolutePath().toString(), settings.mode()), null)) {
			int exitCode = harness.waitFor(HARNESS_TIMEOUT);
			if (exitCode != 0) {
				throw new IllegalStateException(
						"the process harness failed with exit code " + exitCode + "; its output above says why");
			}
		}
		return Measurement.readCsv(results);
	}

	/**
	 * Lists what the run left behind: live JVMs carrying its id, and shared-memory files
	 * that appeared during the run and whose owner is dead or one of the run's JVMs.
	 * Waits a little first, since worker JVMs exit on their own once their parent is
	 * gone.
	 */
	private static List<String> leftovers(String runId, Set<String> filesBefore)
			throws IOException, InterruptedException {
		String tag = "-D" + RUN_ID_PROPERTY + "=" + runId;
		long deadlineNs = System.nanoTime() + LEFTOVER_GRACE.toNanos();
		List<ProcessHandle> alive;
		do {
			alive = ProcessHandle.allProcesses()
				.filter((process) -> process.pid() != ProcessHandle.current().pid())
				.filter((process) -> process.info().commandLine().map((line) -> line.contains(tag)).orElse(false))
				.toList();
			if (!alive.isEmpty()) {
				TimeUnit.MILLISECONDS.sleep(200);
			}
		}
		while (!alive.isEmpty() && System.nanoTime() < deadlineNs);
		List<String> leftovers = new ArrayList<>();
		for (ProcessHandle process : alive) {
			leftovers.add("process " + process.pid() + ": " + process.info().commandLine().orElse("?"));
			process.destroyForcibly();
		}
		for (String name : sharedMemoryFiles()) {
			if (filesBefore.contains(name)) {
				continue;
			}
			long owner = ownerPid(name);
			boolean ours = ProcessHandle.of(owner)
				.map((process) -> process.info().commandLine().map((line) -> line.contains(tag)).orElse(false))
				.orElse(true);
			if (ours) {
				leftovers.add("file " + SHARED_MEMORY.resolve(name));
			}
		}
		return leftovers;
	}

	private static Set<String> sharedMemoryFiles() throws IOException {
		Set<String> names = new HashSet<>();
		if (Files.isDirectory(SHARED_MEMORY)) {
			try (Stream<Path> files = Files.list(SHARED_MEMORY)) {
				files.map((file) -> file.getFileName().toString())
					.filter((name) -> name.startsWith("ipcw-"))
					.forEach(names::add);
			}
		}
		return names;
	}

	private static long ownerPid(String name) {
		int end = name.indexOf('-', "ipcw-".length());
		try {
			return Long.parseLong(name.substring("ipcw-".length(), end));
		}
		catch (RuntimeException ex) {
			return -1;
		}
	}

	/**
	 * What a run produced.
	 *
	 * @param measurements every figure
	 * @param table the table of the figures
	 * @param heading a line about the run
	 * @param leftovers processes and files the run left behind; empty when it cleaned up
	 */
	record Outcome(List<Measurement> measurements, ResultTable table, String heading, List<String> leftovers) {

	}

}
