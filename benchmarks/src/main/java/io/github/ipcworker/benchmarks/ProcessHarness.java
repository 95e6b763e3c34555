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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import io.github.ipcworker.IpcClient;
import io.github.ipcworker.IpcGroup;
import io.github.ipcworker.IpcHandler;
import io.github.ipcworker.IpcWorkerInfo;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * The cases JMH does not fit, because they are about processes rather than a hot loop:
 * group start-up beside a bare JVM start, CPU and memory of an idle group, and requests
 * paced at one per millisecond so that the workers fall asleep between them (64 bytes
 * beside an in-process executor, the record beside loopback HTTP). It runs in a JVM of
 * its own, started by {@link BenchmarkRunner}, so that nothing else of the run is in its
 * CPU figures, and writes its figures to the file named by its first argument.
 */
public final class ProcessHarness {

	/** The options a worker JVM gets by default, given to the bare JVM too. */
	static final List<String> WORKER_JVM_ARGS = List.of("-XX:+ExitOnOutOfMemoryError", "-XX:-UsePerfData");

	/** Worker JVM options that trade some peak speed for a start with half the CPU. */
	static final String LIGHT_WORKER_JVM_ARGS = "-XX:TieredStopAtLevel=1,-XX:+UseSerialGC";

	/** The pace of the paced case. */
	static final long PACE_NS = TimeUnit.MILLISECONDS.toNanos(1);

	private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

	/** How long the check and move of a new class-data archive may take. */
	private static final Duration ARCHIVE_TIMEOUT = Duration.ofSeconds(30);

	/**
	 * Turns the workers' class-data archive off: the cases but one time a worker without
	 * it, beside a bare JVM that has none either.
	 */
	private static final String NO_ARCHIVE = "--ipc.worker.class-data-sharing=off";

	private final Settings settings;

	private final Path notesFile;

	private final List<Measurement> results = new ArrayList<>();

	private final List<String> notes = new ArrayList<>();

	private ProcessHarness(Settings settings, Path notesFile) {
		this.settings = settings;
		this.notesFile = notesFile;
	}

	/**
	 * Runs the process cases, or only the idle ZeroMQ group when the third argument is
	 * {@code idle-zmq}, which measures it alone without the whole run, for example:
	 * {@code java -cp <the module's class path> io.github.ipcworker.benchmarks.ProcessHarness
	 * target/idle.csv full idle-zmq}. The system properties {@code bench.idle.settle} and
	 * {@code bench.idle.window} ({@code PT30S}) lengthen its settle and window. A third
	 * argument {@code startup} runs the start-up cases alone, with and without the
	 * class-data archive; {@code paced} the paced 64-byte case alone.
	 * @param args the results file, the mode, then optionally {@code idle-zmq},
	 * {@code startup} or {@code paced}
	 * @throws Exception when a case fails
	 */
	public static void main(String[] args) throws Exception {
		ChildMains.exitWhenParentCloses();
		Path resultsFile = Path.of(args[0]);
		Settings settings = Settings.of(args[1]);
		boolean idleZmqOnly = args.length > 2 && "idle-zmq".equals(args[2]);
		if (idleZmqOnly) {
			settings = settings.withIdle(
					Duration.parse(System.getProperty("bench.idle.settle", settings.idleSettle().toString())),
					Duration.parse(System.getProperty("bench.idle.window", settings.idleWindow().toString())));
		}
		ProcessHarness harness = new ProcessHarness(settings, resultsFile.resolveSibling("harness-notes.txt"));
		List<Measurement> results;
		if (idleZmqOnly) {
			harness.idleOverZeroMq();
			Files.write(harness.notesFile, harness.notes, StandardCharsets.UTF_8);
			results = harness.results;
		}
		else if (args.length > 2 && "paced".equals(args[2])) {
			results = harness.pacedOnly();
		}
		else {
			results = harness.run(args.length > 2 && "startup".equals(args[2]));
		}
		Measurement.writeCsv(resultsFile, results);
		System.exit(0);
	}

	/**
	 * The paced 64-byte case alone, for comparing settings such as
	 * {@code -Dipc.worker.shm-spin=2ms} between runs.
	 */
	private List<Measurement> pacedOnly() throws Exception {
		try (ConfigurableApplicationContext context = BenchmarkApplication.run(NO_ARCHIVE)) {
			IpcClient ipc = context.getBean(IpcClient.class);
			ipc.group(BenchmarkApplication.ECHO_GROUP).start();
			checkEcho(ipc);
			paced(ipc);
		}
		leftovers();
		return this.results;
	}

	private List<Measurement> run(boolean startUpOnly) throws Exception {
		if (startUpOnly) {
			try (ConfigurableApplicationContext context = BenchmarkApplication.run(NO_ARCHIVE)) {
				startUpWithAndWithoutArchive(context.getBean(IpcClient.class).group(BenchmarkApplication.ECHO_GROUP));
			}
			leftovers();
			Files.write(this.notesFile, this.notes, StandardCharsets.UTF_8);
			return this.results;
		}
		try (ConfigurableApplicationContext context = BenchmarkApplication.run(NO_ARCHIVE)) {
			IpcClient ipc = context.getBean(IpcClient.class);
			IpcGroup group = ipc.group(BenchmarkApplication.ECHO_GROUP);
			startUpWithAndWithoutArchive(group);
			checkEcho(ipc);
			try (JavaProcess bare = startBare()) {
				bare.awaitMarker(START_TIMEOUT);
				idle(group, bare.pid());
				residentMemory(group, bare.pid());
			}
			paced(ipc);
			pacedRecord(ipc);
		}
		idleOverZeroMq();
		startUpWithLightWorkers();
		leftovers();
		Files.write(this.notesFile, this.notes, StandardCharsets.UTF_8);
		return this.results;
	}

	/**
	 * Times the start of the group against the start of one bare JVM of the application,
	 * alternating which goes first; leaves the group started.
	 */
	private void startUp(IpcGroup group, IpcGroup archived) throws Exception {
		int rounds = this.settings.startupRounds();
		long[] groupNs = new long[rounds];
		long[] bareNs = new long[rounds];
		long[] groupCpuNs = new long[rounds];
		long[] bareCpuNs = new long[rounds];
		long[] archivedNs = new long[rounds];
		for (int round = 0; round < rounds; round++) {
			boolean last = round == rounds - 1;
			long[] groupStart;
			long[] bareStart;
			// Interleaved, so that a machine busy with something else for a while weighs
			// on all three alike.
			if (round % 2 == 0) {
				groupStart = startGroup(group, last);
				bareStart = startBareOnce();
				archivedNs[round] = startGroup(archived, false)[0];
			}
			else {
				archivedNs[round] = startGroup(archived, false)[0];
				bareStart = startBareOnce();
				groupStart = startGroup(group, last);
			}
			groupNs[round] = groupStart[0];
			groupCpuNs[round] = groupStart[1];
			bareNs[round] = bareStart[0];
			bareCpuNs[round] = bareStart[1];
			note(String.format(Locale.ROOT,
					"start-up round %d: group of 2 %.0f ms (workers used %.0f ms of CPU), bare JVM %.0f ms (%.0f ms of CPU), "
							+ "group of 2 with the class-data archive %.0f ms",
					round + 1, groupNs[round] / 1e6, groupCpuNs[round] / 1e6, bareNs[round] / 1e6,
					bareCpuNs[round] / 1e6, archivedNs[round] / 1e6));
		}
		this.results.add(Measurement.single("startup.group.first", "ms", groupNs[0] / 1e6, 1));
		this.results.add(median("startup.group", "ms", groupNs, 1e6));
		this.results.add(median("startup.bare", "ms", bareNs, 1e6));
		this.results.add(median("startup.cpu.group", "ms", groupCpuNs, 1e6));
		this.results.add(median("startup.cpu.bare", "ms", bareCpuNs, 1e6));
		this.results.add(median("startup.group.archive", "ms", archivedNs, 1e6));
	}

	/**
	 * Times the start of the group once more, with worker JVMs that compile with C1 only
	 * and collect with the serial collector: a configuration that halves a worker's
	 * start-up CPU, at some cost to the handler's peak speed.
	 */
	private void startUpWithLightWorkers() {
		int rounds = this.settings.startupRounds();
		long[] groupNs = new long[rounds];
		try (ConfigurableApplicationContext context = BenchmarkApplication.run(NO_ARCHIVE,
				"--ipc.worker.groups." + BenchmarkApplication.ECHO_GROUP + ".jvm-args=" + LIGHT_WORKER_JVM_ARGS)) {
			IpcGroup group = context.getBean(IpcClient.class).group(BenchmarkApplication.ECHO_GROUP);
			for (int round = 0; round < rounds; round++) {
				groupNs[round] = startGroup(group, false)[0];
				note(String.format(Locale.ROOT, "start-up round %d, workers with %s: group of 2 %.0f ms", round + 1,
						LIGHT_WORKER_JVM_ARGS, groupNs[round] / 1e6));
			}
		}
		this.results.add(median("startup.group.light", "ms", groupNs, 1e6));
	}

	/**
	 * Times the start of the group, without the workers' class-data archive (on by
	 * default; the other cases turn it off, to time what a worker costs without it) and
	 * with it, beside a bare JVM that has none either. The archive is written in a folder
	 * of this run by the first start of a second application's group, whose training
	 * worker dumps it as it exits at the group's stop; leaves the first group started.
	 */
	private void startUpWithAndWithoutArchive(IpcGroup group) throws Exception {
		Path archives = Files.createTempDirectory("ipc-worker-benchmark-cds-");
		// The training worker's dump at exit took more than the default 10 s
		// shutdown-timeout on this busy two-core machine: a kill then loses the archive.
		try (ConfigurableApplicationContext context = BenchmarkApplication
			.run("--ipc.worker.class-data-directory=" + archives, "--ipc.worker.shutdown-timeout=60s")) {
			IpcGroup archived = context.getBean(IpcClient.class).group(BenchmarkApplication.ECHO_GROUP);
			long firstNs = startGroup(archived, false)[0];
			this.results.add(Measurement.single("startup.group.archive.first", "ms", firstNs / 1e6, 1));
			boolean written = awaitArchive(archives);
			note(String.format(Locale.ROOT, "start-up writing the class-data archive: group of 2 %.0f ms; archive %s",
					firstNs / 1e6, written ? "written" : "NOT written"));
			startUp(group, archived);
		}
		finally {
			try (Stream<Path> files = Files.list(archives)) {
				for (Path file : files.toList()) {
					Files.deleteIfExists(file);
				}
			}
			Files.deleteIfExists(archives);
		}
	}

	/**
	 * Waits for the archive the training worker wrote at its exit, which the parent
	 * checks and moves into place in the background.
	 */
	private static boolean awaitArchive(Path archives) throws Exception {
		long deadline = System.nanoTime() + ARCHIVE_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			try (Stream<Path> files = Files.list(archives)) {
				if (files.anyMatch((file) -> file.getFileName().toString().endsWith(".jsa"))) {
					return true;
				}
			}
			Thread.sleep(100);
		}
		return false;
	}

	/**
	 * Starts the group, and stops it again unless kept.
	 * @return the time it took and the CPU time its workers used until then, in
	 * nanoseconds
	 */
	private static long[] startGroup(IpcGroup group, boolean keep) {
		long startNs = System.nanoTime();
		group.start();
		long elapsedNs = System.nanoTime() - startNs;
		long cpuNs = 0;
		for (long pid : workerPids(group)) {
			cpuNs += ProcFs.cpuNs(pid);
		}
		if (!keep) {
			group.stop();
		}
		return new long[] { elapsedNs, cpuNs };
	}

	/**
	 * Starts a bare JVM of the application and ends it once it is up.
	 * @return the time until it was up and the CPU time it used until then, in
	 * nanoseconds
	 */
	private static long[] startBareOnce() throws Exception {
		long startNs = System.nanoTime();
		try (JavaProcess bare = startBare()) {
			long elapsedNs = bare.awaitMarker(START_TIMEOUT) - startNs;
			return new long[] { elapsedNs, ProcFs.cpuNs(bare.pid()) };
		}
	}

	private static JavaProcess startBare() throws IOException {
		return JavaProcess.start("bare", BareApplicationMain.class, WORKER_JVM_ARGS, List.of(),
				BareApplicationMain.READY);
	}

	private static void checkEcho(IpcClient ipc) {
		Object request = Payload.BYTES_64.newRequest(42);
		Payload.BYTES_64.checkEcho(request, ipc.call(BenchmarkApplication.ECHO_GROUP, request, byte[].class,
				RoundTripBenchmarks.ROUND_TRIP_TIMEOUT), "ipc-worker");
	}

	/**
	 * CPU used by this JVM and the two workers, and by an idle bare JVM beside them, over
	 * the same window, after the group has had time to settle.
	 */
	private void idle(IpcGroup group, long barePid) throws InterruptedException {
		Thread.sleep(this.settings.idleSettle().toMillis());
		long parentPid = ProcessHandle.current().pid();
		List<Long> workerPids = workerPids(group);
		List<Long> all = new ArrayList<>(workerPids);
		all.add(0, parentPid);
		all.add(barePid);
		// Once for nothing: the first pass loads and compiles what the measured passes
		// run.
		snapshot(all);
		Snapshot before = snapshot(all);
		long startNs = System.nanoTime();
		Thread.sleep(this.settings.idleWindow().toMillis());
		long wallNs = System.nanoTime() - startNs;
		Snapshot after = snapshot(all);
		Map<Long, Double> percent = new HashMap<>();
		Map<Long, Double> schedulerPercent = new HashMap<>();
		for (long pid : all) {
			percent.put(pid, 100.0 * (after.cpuNs.get(pid) - before.cpuNs.get(pid)) / wallNs);
			schedulerPercent.put(pid,
					100.0 * threadDeltas(before.threadNs.get(pid), after.threadNs.get(pid)).values()
						.stream()
						.mapToLong(Long::longValue)
						.sum() / wallNs);
			describeThreads(pid, (pid == parentPid) ? "parent" : (pid == barePid) ? "bare JVM" : "worker",
					threadDeltas(before.threadNs.get(pid), after.threadNs.get(pid)), wallNs);
		}
		double workers = workerPids.stream().mapToDouble(percent::get).sum();
		double parent = percent.get(parentPid);
		double schedulerTotal = schedulerPercent.get(parentPid)
				+ workerPids.stream().mapToDouble(schedulerPercent::get).sum();
		long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(wallNs));
		this.results.add(Measurement.single("idle.cpu.total", "% of a core", parent + workers, seconds));
		this.results.add(Measurement.single("idle.cpu.parent", "% of a core", parent, seconds));
		this.results.add(Measurement.single("idle.cpu.workers", "% of a core", workers, seconds));
		this.results.add(Measurement.single("idle.cpu.bare", "% of a core", percent.get(barePid), seconds));
		this.results.add(Measurement.single("idle.cpu.threads.total", "% of a core", schedulerTotal, seconds));
		this.results
			.add(Measurement.single("idle.cpu.threads.bare", "% of a core", schedulerPercent.get(barePid), seconds));
	}

	/**
	 * CPU used by this JVM and the two workers of an idle group over ZeroMQ, where
	 * heartbeats both ways are all that should run; beside the shared-memory group's
	 * figures, measured the same way.
	 */
	private void idleOverZeroMq() throws InterruptedException {
		try (ConfigurableApplicationContext context = BenchmarkApplication.run(NO_ARCHIVE,
				"--ipc.worker.transport=zmq")) {
			IpcClient ipc = context.getBean(IpcClient.class);
			IpcGroup group = ipc.group(BenchmarkApplication.ECHO_GROUP);
			group.start();
			checkEcho(ipc);
			Thread.sleep(this.settings.idleSettle().toMillis());
			long parentPid = ProcessHandle.current().pid();
			List<Long> workerPids = workerPids(group);
			List<Long> all = new ArrayList<>(workerPids);
			all.add(0, parentPid);
			snapshot(all);
			Snapshot before = snapshot(all);
			long startNs = System.nanoTime();
			Thread.sleep(this.settings.idleWindow().toMillis());
			long wallNs = System.nanoTime() - startNs;
			Snapshot after = snapshot(all);
			Map<Long, Double> percent = new HashMap<>();
			for (long pid : all) {
				percent.put(pid, 100.0 * (after.cpuNs.get(pid) - before.cpuNs.get(pid)) / wallNs);
				describeThreads(pid, (pid == parentPid) ? "ZeroMQ parent" : "ZeroMQ worker",
						threadDeltas(before.threadNs.get(pid), after.threadNs.get(pid)), wallNs);
			}
			double parent = percent.get(parentPid);
			double workers = workerPids.stream().mapToDouble(percent::get).sum();
			long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(wallNs));
			this.results.add(Measurement.single("idle.zmq.cpu.total", "% of a core", parent + workers, seconds));
			this.results.add(Measurement.single("idle.zmq.cpu.parent", "% of a core", parent, seconds));
			this.results.add(Measurement.single("idle.zmq.cpu.workers", "% of a core", workers, seconds));
		}
	}

	/**
	 * Reads the CPU counters of some processes back to back, so that the window they
	 * close is the same for all.
	 */
	private static Snapshot snapshot(List<Long> pids) {
		Map<Long, Long> cpuNs = new HashMap<>();
		Map<Long, Map<String, Long>> threadNs = new HashMap<>();
		for (long pid : pids) {
			cpuNs.put(pid, ProcFs.cpuNs(pid));
			threadNs.put(pid, ProcFs.threadCpuNs(pid));
		}
		return new Snapshot(cpuNs, threadNs);
	}

	private static Map<String, Long> threadDeltas(Map<String, Long> before, Map<String, Long> after) {
		Map<String, Long> deltas = new HashMap<>();
		for (Map.Entry<String, Long> thread : after.entrySet()) {
			long delta = thread.getValue() - before.getOrDefault(thread.getKey(), 0L);
			if (delta > 0) {
				deltas.put(thread.getKey(), delta);
			}
		}
		return deltas;
	}

	/** Notes the threads that used the most CPU in the window, to show where it went. */
	private void describeThreads(long pid, String role, Map<String, Long> deltas, long wallNs) {
		List<Map.Entry<String, Long>> used = new ArrayList<>(deltas.entrySet());
		used.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()));
		StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "idle CPU by thread, %s pid %d:", role, pid));
		for (Map.Entry<String, Long> thread : used.subList(0, Math.min(6, used.size()))) {
			line.append(
					String.format(Locale.ROOT, " [%s] %.3f%%", thread.getKey(), 100.0 * thread.getValue() / wallNs));
		}
		note(line.toString());
	}

	private void residentMemory(IpcGroup group, long barePid) {
		List<Long> workerPids = workerPids(group);
		long total = 0;
		for (long pid : workerPids) {
			total += ProcFs.residentBytes(pid);
		}
		this.results.add(Measurement.single("rss.worker", "MiB", total / (double) workerPids.size() / (1 << 20),
				workerPids.size()));
		this.results.add(Measurement.single("rss.bare", "MiB", ProcFs.residentBytes(barePid) / (double) (1 << 20), 1));
	}

	private static List<Long> workerPids(IpcGroup group) {
		List<Long> pids = new ArrayList<>();
		for (IpcWorkerInfo worker : group.workers()) {
			if (worker.pid() <= 0) {
				throw new IllegalStateException("worker " + worker.index() + " has no process: " + worker);
			}
			pids.add(worker.pid());
		}
		return pids;
	}

	/**
	 * One 64-byte request per millisecond, through ipc-worker and through a single-thread
	 * executor, in alternating blocks so that both see the same machine.
	 */
	private void paced(IpcClient ipc) throws Exception {
		byte[] request = (byte[]) Payload.BYTES_64.newRequest(7);
		ExecutorService executor = Executors.newSingleThreadExecutor(InProcess::daemon);
		try {
			IpcHandler<Object, Object> handler = InProcess.handlerFor(Payload.BYTES_64);
			Callable<Object> viaIpc = () -> ipc.call(BenchmarkApplication.ECHO_GROUP, request, byte[].class,
					RoundTripBenchmarks.ROUND_TRIP_TIMEOUT);
			Callable<Object> inProcess = () -> InProcess.call(executor, handler, request);
			paceBlock(viaIpc, Payload.BYTES_64, request, this.settings.pacedWarmup());
			paceBlock(inProcess, Payload.BYTES_64, request, this.settings.pacedWarmup());
			int blocks = this.settings.pacedBlocks();
			int size = this.settings.pacedBlockSize();
			long[] ipcNs = new long[blocks * size];
			long[] inProcessNs = new long[blocks * size];
			for (int block = 0; block < blocks; block++) {
				System.arraycopy(paceBlock(viaIpc, Payload.BYTES_64, request, size), 0, ipcNs, block * size, size);
				System.arraycopy(paceBlock(inProcess, Payload.BYTES_64, request, size), 0, inProcessNs, block * size,
						size);
			}
			this.results.add(Measurement.latency("paced.ipc.BYTES_64", ipcNs));
			this.results.add(Measurement.latency("paced.inprocess.BYTES_64", inProcessNs));
		}
		finally {
			InProcess.shutdown(executor);
		}
	}

	/**
	 * The record, one per millisecond, through ipc-worker over shared memory and posted
	 * as JSON to a second Spring Boot process over loopback HTTP, in alternating blocks:
	 * the baseline a Spring user knows, paced the same way.
	 */
	private void pacedRecord(IpcClient ipc) throws Exception {
		Payload payload = Payload.JSON_RECORD;
		Object request = payload.newRequest(7);
		IpcGroup quotes = ipc.group(BenchmarkApplication.QUOTE_GROUP);
		quotes.start();
		try (HttpPeer http = HttpPeer.start(RoundTripBenchmarks.ROUND_TRIP_TIMEOUT)) {
			Callable<Object> viaIpc = () -> ipc.call(BenchmarkApplication.QUOTE_GROUP, request, payload.responseType(),
					RoundTripBenchmarks.ROUND_TRIP_TIMEOUT);
			Callable<Object> viaHttp = () -> http.roundTrip(request);
			payload.checkEcho(request, viaIpc.call(), "ipc-worker");
			payload.checkEcho(request, viaHttp.call(), "the HTTP echo");
			paceBlock(viaIpc, payload, request, this.settings.pacedWarmup());
			paceBlock(viaHttp, payload, request, this.settings.pacedWarmup());
			int blocks = this.settings.pacedBlocks();
			int size = this.settings.pacedBlockSize();
			long[] ipcNs = new long[blocks * size];
			long[] httpNs = new long[blocks * size];
			for (int block = 0; block < blocks; block++) {
				System.arraycopy(paceBlock(viaIpc, payload, request, size), 0, ipcNs, block * size, size);
				System.arraycopy(paceBlock(viaHttp, payload, request, size), 0, httpNs, block * size, size);
			}
			this.results.add(Measurement.latency("paced.ipc.JSON_RECORD", ipcNs));
			this.results.add(Measurement.latency("paced.http.JSON_RECORD", httpNs));
		}
		finally {
			quotes.stop();
		}
	}

	private static long[] paceBlock(Callable<Object> call, Payload payload, Object request, int count)
			throws Exception {
		long[] latencies = new long[count];
		long nextNs = System.nanoTime() + PACE_NS;
		for (int i = 0; i < count; i++) {
			long waitNs;
			while ((waitNs = nextNs - System.nanoTime()) > 0) {
				LockSupport.parkNanos(waitNs);
			}
			long startNs = System.nanoTime();
			Object answer = call.call();
			long endNs = System.nanoTime();
			latencies[i] = endNs - startNs;
			if (!payload.looksLikeEcho(request, answer)) {
				throw new IllegalStateException("a paced request got something else back");
			}
			// Never catch up with a burst: the point is an idle gap before every request.
			nextNs = Math.max(nextNs + PACE_NS, endNs + PACE_NS / 2);
		}
		return latencies;
	}

	/** Counts what the closed context left: live child processes and this JVM's files. */
	private void leftovers() throws Exception {
		long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
		List<ProcessHandle> alive;
		do {
			alive = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList();
			if (!alive.isEmpty()) {
				Thread.sleep(100);
			}
		}
		while (!alive.isEmpty() && System.nanoTime() < deadlineNs);
		alive.forEach(ProcessHandle::destroyForcibly);
		String prefix = "ipcw-" + ProcessHandle.current().pid() + "-";
		long files = 0;
		Path shm = Path.of("/dev/shm");
		if (Files.isDirectory(shm)) {
			try (var names = Files.list(shm)) {
				files = names.filter((file) -> file.getFileName().toString().startsWith(prefix)).count();
			}
		}
		this.results.add(Measurement.single("leftover.processes", "count", alive.size(), 1));
		this.results.add(Measurement.single("leftover.files", "count", files, 1));
	}

	private static Measurement median(String id, String unit, long[] values, double divisor) {
		long[] sorted = values.clone();
		Arrays.sort(sorted);
		double median = (sorted.length % 2 == 1) ? sorted[sorted.length / 2]
				: (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2.0;
		return Measurement.single(id, unit, median / divisor, sorted.length);
	}

	/** CPU counters of some processes at one moment: totals, and by thread. */
	private record Snapshot(Map<Long, Long> cpuNs, Map<Long, Map<String, Long>> threadNs) {

	}

	private void note(String line) {
		System.out.println(line);
		this.notes.add(line);
	}

}
