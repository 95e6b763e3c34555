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
package io.github.ipcworker.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.ipcworker.autoconfigure.child.IpcWorkerMain;
import io.github.ipcworker.pool.GroupSettings;
import io.github.ipcworker.pool.WorkerLauncher;
import io.github.ipcworker.process.ChildCommand;
import io.github.ipcworker.process.ClassDataSharing;
import io.github.ipcworker.process.LaunchDirectory;
import io.github.ipcworker.process.LaunchSpec;
import io.github.ipcworker.process.WorkerIndexPlaceholder;
import io.github.ipcworker.process.WorkerProcess;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.context.ApplicationContextException;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * Starts worker processes as copies of the running application: the same Java runtime,
 * classes, primary source, arguments, system properties given on the command line, active
 * profiles and programmatic or test properties (which a fresh JVM would not see on its
 * own). Arguments and system properties travel in the {@link LaunchSpec} on the worker's
 * standard input, not on its command line, which every local user can read. Environment
 * variables, the working directory and so configuration files are inherited as they are;
 * a group's {@code environment} adds variables, and {@code {index}} in them and in its
 * {@code jvm-args} becomes the worker's index.
 */
final class SpringWorkerLauncher implements WorkerLauncher, AutoCloseable {

	private static final Log logger = LogFactory.getLog(SpringWorkerLauncher.class);

	/**
	 * Property sources a worker would not rebuild on its own: properties given to
	 * {@code SpringApplication} in code, and those of Spring's test support.
	 */
	private static final Set<String> FORWARDED_PROPERTY_SOURCES = Set.of("defaultProperties", "Inlined Test Properties",
			"Dynamic Test Properties");

	/**
	 * Options every worker JVM gets before the configured ones, which can override them:
	 * an exhausted heap ends the worker, so that it is replaced, rather than leaving it
	 * limping; and no performance-data file, whose sampling every 50 ms is half of an
	 * idle JVM's CPU (workers are watched through the parent, so {@code jps} and
	 * {@code jstat} not seeing them costs little; {@code -XX:+UsePerfData} brings it
	 * back).
	 */
	private static final List<String> WORKER_JVM_DEFAULTS = List.of("-XX:+ExitOnOutOfMemoryError", "-XX:-UsePerfData");

	/**
	 * Variables whose JVM options the {@code java} launcher reads: class-data sharing
	 * chosen in them wins too.
	 */
	private static final List<String> JVM_OPTION_VARIABLES = List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS");

	/**
	 * How long closing waits for the training worker's archive to be moved into place.
	 */
	private static final Duration PENDING_ARCHIVE_WAIT = ClassDataSharing.CHECK_TIMEOUT.plusSeconds(2);

	private final Set<CompletableFuture<Void>> pendingArchives = ConcurrentHashMap.newKeySet();

	private final ApplicationContext context;

	private final IpcWorkerProperties properties;

	private @Nullable Launch launch;

	SpringWorkerLauncher(ApplicationContext context, IpcWorkerProperties properties) {
		this.context = context;
		this.properties = properties;
	}

	@Override
	public WorkerProcess launch(GroupSettings settings, int workerIndex, Map<String, String> linkSettings)
			throws IOException {
		Launch launch = prepare();
		List<String> jvmArgs = jvmArgs(settings, workerIndex);
		Map<String, String> environment = environment(settings.name(), workerIndex);
		ChildCommand command = ChildCommand.forCurrentJvm(launch.primarySource().getClassLoader(), jvmArgs);
		ClassDataSharing.Launch sharing = classDataSharing(launch, command, jvmArgs, environment);
		if (sharing != null) {
			command = command.with(sharing.classPath(), sharing.jvmArgs());
		}
		Path argFile = launch.argFile(command.classPath());
		if (!command.isFatJar()) {
			writeArgFileOnce(command, argFile);
		}
		// Arguments and system properties go on standard input: every local user can read
		// a command line.
		LaunchSpec spec = new LaunchSpec(settings.name(), workerIndex, ProcessHandle.current().pid(),
				settings.beanName(), launch.primarySource().getName(), settings.maxMessageSize(), linkSettings,
				workerProperties(launch, settings.name()), launch.programArgs(), systemProperties(jvmArgs));
		WorkerProcess process;
		try {
			process = WorkerProcess.start(command.toCommand(argFile), environment, spec,
					settings.name() + "#" + workerIndex);
		}
		catch (IOException | RuntimeException ex) {
			if (sharing != null) {
				launch.classDataSharing().finished(sharing, -1, jvmArgs);
			}
			throw ex;
		}
		if (sharing != null && sharing.training() != null) {
			trainingWorker(launch, sharing, process, jvmArgs);
		}
		return process;
	}

	/**
	 * Returns how a worker uses the application's class-data archive, or {@code null}
	 * when it does not: turned off, or chosen by the user's own options (theirs win).
	 */
	private ClassDataSharing.@Nullable Launch classDataSharing(Launch launch, ChildCommand command,
			List<String> jvmArgs, Map<String, String> environment) {
		if (this.properties.getClassDataSharing() == IpcWorkerProperties.ClassDataSharing.OFF) {
			return null;
		}
		List<String> options = new ArrayList<>(jvmArgs);
		for (String variable : JVM_OPTION_VARIABLES) {
			String value = environment.containsKey(variable) ? environment.get(variable) : System.getenv(variable);
			if (value != null) {
				options.add(value);
			}
		}
		if (ClassDataSharing.userChoosesSharing(options)) {
			return null;
		}
		return launch.classDataSharing().prepare(command.classPath(), jvmArgs);
	}

	/**
	 * Moves the archive of the training worker into place once it exited. Kept until
	 * {@link #close()}, which waits a little for it: the application may be ending with
	 * its workers.
	 */
	private void trainingWorker(Launch launch, ClassDataSharing.Launch sharing, WorkerProcess process,
			List<String> jvmArgs) {
		CompletableFuture<Void> done = process.onExit()
			.handle((exited, failure) -> (exited != null) ? exited.exitValue() : -1)
			.thenAcceptAsync((exitCode) -> launch.classDataSharing().finished(sharing, exitCode, jvmArgs));
		this.pendingArchives.add(done);
		done.whenComplete((result, failure) -> this.pendingArchives.remove(done));
	}

	/**
	 * Returns the properties of one group's workers: the forwarded ones and the group's
	 * wire format, which must be the parent's even when the parent's came from a property
	 * source that the worker does not rebuild.
	 */
	private Map<String, String> workerProperties(Launch launch, String group) {
		Map<String, String> properties = new LinkedHashMap<>(launch.properties());
		properties.put(IpcWorkerMain.CODEC_PROPERTY, this.properties.codecOf(group).formatName());
		return properties;
	}

	/**
	 * Returns the options of one worker's JVM: the defaults, the parent's system
	 * properties that the JVM reads at start-up (the others travel in the launch spec),
	 * then the group's options with {@code {index}} filled in, each able to override the
	 * ones before. The group's options are the user's explicit choice, so they stay on
	 * the command line.
	 * @param settings the group's settings
	 * @param workerIndex the worker's index; a replacement gets the index of the worker
	 * it replaces, so the same options
	 * @return the options
	 */
	static List<String> jvmArgs(GroupSettings settings, int workerIndex) {
		List<String> jvmArgs = new ArrayList<>(WORKER_JVM_DEFAULTS);
		jvmArgs.addAll(ChildCommand.inheritedStartupOptions());
		jvmArgs.addAll(WorkerIndexPlaceholder.resolve(settings.jvmArgs(), workerIndex));
		return jvmArgs;
	}

	/**
	 * Returns the parent's system properties a worker sets before its application starts:
	 * those not read at start-up, but for those the worker's JVM options set, which win
	 * as they did when both were on the command line.
	 * @param jvmArgs the worker's JVM options, from {@link #jvmArgs(GroupSettings, int)}
	 * @return the properties by name
	 */
	static Map<String, String> systemProperties(List<String> jvmArgs) {
		Map<String, String> properties = new LinkedHashMap<>(ChildCommand.inheritedSystemProperties());
		for (String option : jvmArgs) {
			if (option.startsWith("-D")) {
				properties.remove(ChildCommand.name(option));
			}
		}
		return properties;
	}

	/**
	 * Returns the environment variables one worker gets on top of the application's: the
	 * group's {@code environment} with {@code {index}} filled in.
	 * @param group the group's name
	 * @param workerIndex the worker's index
	 * @return the variables
	 */
	Map<String, String> environment(String group, int workerIndex) {
		IpcWorkerProperties.Group settings = this.properties.getGroups().get(group);
		return (settings != null) ? WorkerIndexPlaceholder.resolve(settings.getEnvironment(), workerIndex) : Map.of();
	}

	/**
	 * Writes the class-path argument file for the first launch only. Synchronized: the
	 * workers of all groups start at once, and a second writer truncating the file while
	 * a worker JVM reads it gave that worker an empty class path.
	 */
	private synchronized void writeArgFileOnce(ChildCommand command, Path argFile) throws IOException {
		if (!Files.exists(argFile)) {
			command.writeArgFile(argFile);
		}
	}

	private synchronized Launch prepare() throws IOException {
		if (this.launch == null) {
			Path temporary = Path.of(System.getProperty("java.io.tmpdir"));
			removeStaleDirectories(temporary);
			Class<?> primarySource = primarySource();
			String directory = this.properties.getClassDataDirectory();
			String classPath = System.getProperty("java.class.path", "");
			String firstEntry = classPath.split(java.io.File.pathSeparator)[0];
			ClassDataSharing classDataSharing = new ClassDataSharing(
					(directory != null) ? Path.of(directory) : ClassDataSharing.defaultDirectory(),
					primarySource.getName() + "|" + Path.of(firstEntry).toAbsolutePath());
			this.launch = new Launch(primarySource, programArgs(), forwardedProperties(),
					LaunchDirectory.create(temporary), classDataSharing, classPath);
		}
		return this.launch;
	}

	/**
	 * Removes the folders of applications that were killed before they could remove their
	 * own.
	 */
	private static void removeStaleDirectories(Path temporary) {
		try {
			int removed = LaunchDirectory.removeStale(temporary);
			if (removed > 0) {
				logger.info("Removed " + removed + " folder(s) of dead ipc-worker applications from " + temporary);
			}
		}
		catch (IOException ex) {
			logger.warn("Could not look for stale ipc-worker folders in " + temporary + ": " + ex);
		}
	}

	private Class<?> primarySource() {
		String[] names = this.context.getBeanNamesForAnnotation(SpringBootConfiguration.class);
		for (String name : names) {
			Class<?> type = this.context.getType(name, false);
			if (type != null) {
				return ClassUtils.getUserClass(type);
			}
		}
		throw new ApplicationContextException("ipc-worker starts its workers from the application's "
				+ "@SpringBootConfiguration (or @SpringBootApplication) class, and this context has none");
	}

	private List<String> programArgs() {
		ApplicationArguments arguments = this.context.getBeanProvider(ApplicationArguments.class).getIfAvailable();
		return (arguments != null) ? List.of(arguments.getSourceArgs()) : List.of();
	}

	private Map<String, String> forwardedProperties() {
		if (!(this.context.getEnvironment() instanceof ConfigurableEnvironment environment)) {
			return Map.of();
		}
		Map<String, String> forwarded = new LinkedHashMap<>();
		List<PropertySource<?>> sources = new ArrayList<>();
		environment.getPropertySources().forEach(sources::add);
		// Lowest precedence first, so that a higher source overwrites a lower one.
		for (int i = sources.size() - 1; i >= 0; i--) {
			PropertySource<?> source = sources.get(i);
			if (FORWARDED_PROPERTY_SOURCES.contains(source.getName())
					&& source instanceof EnumerablePropertySource<?> enumerable) {
				for (String name : enumerable.getPropertyNames()) {
					Object value = enumerable.getProperty(name);
					if (value != null) {
						forwarded.put(name, value.toString());
					}
				}
			}
		}
		String[] profiles = environment.getActiveProfiles();
		if (profiles.length > 0) {
			forwarded.put("spring.profiles.active", StringUtils.arrayToCommaDelimitedString(profiles));
		}
		return forwarded;
	}

	@Override
	public void close() {
		// The training worker has exited by now (its group stopped): its archive is moved
		// into place before the application may end.
		CompletableFuture<?>[] pending = this.pendingArchives.toArray(new CompletableFuture<?>[0]);
		try {
			CompletableFuture.allOf(pending).get(PENDING_ARCHIVE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			logger.debug("Did not wait for the class-data archive of a worker: " + ex);
		}
		synchronized (this) {
			Launch launch = this.launch;
			this.launch = null;
			if (launch != null) {
				launch.directory().close();
			}
		}
	}

	private record Launch(Class<?> primarySource, List<String> programArgs, Map<String, String> properties,
			LaunchDirectory directory, ClassDataSharing classDataSharing, String parentClassPath) {

		/**
		 * Returns the argument file of a class path: the parent's, or the one with
		 * directories copied for class-data sharing. Each is written once and never
		 * changed, since a worker JVM may be reading it.
		 */
		Path argFile(String classPath) {
			return this.directory.path()
				.resolve(classPath.equals(absolute(this.parentClassPath)) ? "classpath.args" : "classpath-cds.args");
		}

		private static String absolute(String classPath) {
			List<String> entries = new ArrayList<>();
			for (String entry : classPath.split(java.io.File.pathSeparator)) {
				if (!entry.isEmpty()) {
					entries.add(Path.of(entry).toAbsolutePath().toString());
				}
			}
			return String.join(java.io.File.pathSeparator, entries);
		}

	}

}
