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
package io.github.ipcworker.process;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the command line of a worker process: the same Java runtime as the parent, the
 * same application classes, started in worker mode. Covers the ways an application is
 * launched:
 * <ul>
 * <li>a plain class path (an IDE, {@code spring-boot:run}, a test run, an extracted jar):
 * the parent's {@code java.class.path} is passed on in an {@code @argfile}, since a
 * single argument is limited to 128 KiB on Linux;</li>
 * <li>a Spring Boot fat jar ({@code java -jar app.jar}): the jar is started through
 * Spring Boot's {@code PropertiesLauncher} with {@code loader.main} naming the worker
 * main class, which then loads from the jar's nested libraries like the application
 * does.</li>
 * </ul>
 * The application's program arguments and system properties are not on the command line,
 * which every local user can read (in {@code /proc/<pid>/cmdline} on Linux): they travel
 * in the {@link LaunchSpec} on the worker's standard input, but for the few system
 * properties the JVM reads while it starts (see {@link #isReadAtStartup(String)}).
 */
public final class ChildCommand {

	/** The class the worker process runs. */
	public static final String WORKER_MAIN_CLASS = "io.github.ipcworker.autoconfigure.child.IpcWorkerMain";

	/** Spring Boot's launcher that accepts a main class in {@code loader.main}. */
	static final String PROPERTIES_LAUNCHER = "org.springframework.boot.loader.launch.PropertiesLauncher";

	/** Prefix of the class loader names of Spring Boot's nested-jar loader. */
	static final String BOOT_LOADER_PACKAGE = "org.springframework.boot.loader.";

	private final Path javaExecutable;

	private final List<String> jvmArgs;

	private final String classPath;

	private final boolean fatJar;

	private ChildCommand(Path javaExecutable, List<String> jvmArgs, String classPath, boolean fatJar) {
		this.javaExecutable = javaExecutable;
		this.jvmArgs = List.copyOf(jvmArgs);
		this.classPath = classPath;
		this.fatJar = fatJar;
	}

	/**
	 * Describes a worker launch of the running application. The application's program
	 * arguments are not part of it: they go in the {@link LaunchSpec}.
	 * @param applicationClassLoader the class loader of the application's primary source
	 * @param jvmArgs options for the worker JVM
	 * @return the command
	 */
	public static ChildCommand forCurrentJvm(ClassLoader applicationClassLoader, List<String> jvmArgs) {
		String classPath = System.getProperty("java.class.path", "");
		String[] entries = classPath.split(File.pathSeparator);
		boolean singleJar = entries.length == 1 && entries[0].toLowerCase(Locale.ROOT).endsWith(".jar");
		boolean nestedJars = applicationClassLoader.getClass().getName().startsWith(BOOT_LOADER_PACKAGE);
		List<String> absolute = new ArrayList<>(entries.length);
		for (String entry : entries) {
			if (!entry.isEmpty()) {
				// java -jar app.jar leaves the path exactly as typed; the worker may
				// start elsewhere.
				absolute.add(Path.of(entry).toAbsolutePath().toString());
			}
		}
		return new ChildCommand(javaExecutable(), jvmArgs, String.join(File.pathSeparator, absolute),
				singleJar && nestedJars);
	}

	/**
	 * Returns the {@code java} executable of the running JVM, from {@code java.home}.
	 * @return the path of the executable
	 */
	public static Path javaExecutable() {
		boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
		return Path.of(System.getProperty("java.home"), "bin", windows ? "java.exe" : "java");
	}

	/**
	 * Returns the system properties the parent JVM was started with
	 * ({@code -Dname=value}) that the JVM reads while it starts, so that only the command
	 * line can give them to a worker: see {@link #isReadAtStartup(String)}. Without those
	 * that describe how the parent itself was launched.
	 * @return the options, as given on the parent's command line
	 */
	public static List<String> inheritedStartupOptions() {
		List<String> options = new ArrayList<>();
		for (String argument : inheritedOptions()) {
			if (isReadAtStartup(name(argument))) {
				options.add(argument);
			}
		}
		return options;
	}

	/**
	 * Returns the other system properties the parent JVM was started with
	 * ({@code -Dname=value}), for the worker to set before its application starts, so
	 * that a worker sees the same settings without them being on its command line.
	 * @return the properties by name, in the order given
	 */
	public static Map<String, String> inheritedSystemProperties() {
		Map<String, String> properties = new LinkedHashMap<>();
		for (String argument : inheritedOptions()) {
			String name = name(argument);
			if (!isReadAtStartup(name)) {
				int equals = argument.indexOf('=');
				properties.put(name, (equals < 0) ? "" : argument.substring(equals + 1));
			}
		}
		return properties;
	}

	/**
	 * Returns whether the JVM reads a system property while it starts, before any code of
	 * the worker runs, so that setting it later changes nothing: the default charset and
	 * the console's ({@code file.encoding}, {@code stdout.encoding},
	 * {@code stderr.encoding}), the line separator, the default locale and time zone and
	 * the user's directories ({@code user.*}), and the JDK's own options ({@code java.*},
	 * {@code jdk.*}, such as {@code java.security.manager}, {@code java.library.path} or
	 * {@code jdk.virtualThreadScheduler.parallelism}). None of these is meant to hold a
	 * secret; anything else travels on standard input.
	 * @param name the property name
	 * @return whether it must be on the command line
	 */
	public static boolean isReadAtStartup(String name) {
		return name.equals("file.encoding") || name.equals("stdout.encoding") || name.equals("stderr.encoding")
				|| name.equals("line.separator") || name.startsWith("user.") || name.startsWith("java.")
				|| name.startsWith("jdk.");
	}

	/**
	 * Returns the name of a {@code -Dname=value} option.
	 * @param option the option
	 * @return the name
	 */
	public static String name(String option) {
		int equals = option.indexOf('=');
		return option.substring(2, (equals < 0) ? option.length() : equals);
	}

	private static List<String> inheritedOptions() {
		List<String> inherited = new ArrayList<>();
		for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
			if (argument.startsWith("-D") && !isLaunchSpecific(argument)) {
				inherited.add(argument);
			}
		}
		return inherited;
	}

	private static boolean isLaunchSpecific(String argument) {
		return argument.startsWith("-Dloader.") || argument.startsWith("-Djarmode")
				|| argument.startsWith("-Djava.class.path") || argument.startsWith("-Dsun.")
				|| argument.startsWith("-Djdk.internal.") || argument.startsWith("-Dbasedir=")
				|| argument.startsWith("-Dsurefire.") || argument.startsWith("-Dmaven.")
				|| argument.startsWith("-Dclassworlds.") || argument.startsWith("-Dlibrary.jansi.");
	}

	/**
	 * Returns this command with another class path and more JVM options, such as those of
	 * {@link ClassDataSharing}.
	 * @param classPath the class path, with absolute entries
	 * @param moreJvmArgs options added after the others
	 * @return the command
	 */
	public ChildCommand with(String classPath, List<String> moreJvmArgs) {
		List<String> jvmArgs = new ArrayList<>(this.jvmArgs);
		jvmArgs.addAll(moreJvmArgs);
		return new ChildCommand(this.javaExecutable, jvmArgs, classPath, this.fatJar);
	}

	/**
	 * Returns whether the worker starts from a Spring Boot fat jar.
	 * @return whether the fat-jar form is used
	 */
	public boolean isFatJar() {
		return this.fatJar;
	}

	/**
	 * Returns the class path the worker gets, with absolute entries.
	 * @return the class path
	 */
	public String classPath() {
		return this.classPath;
	}

	/**
	 * Writes the argument file that passes the class path to the worker JVM. Written once
	 * and shared by every launch: rewriting it while another worker JVM reads it would
	 * hand that worker a torn class path.
	 * @param argFile the file to write
	 * @throws IOException when the file cannot be written
	 */
	public void writeArgFile(Path argFile) throws IOException {
		writeClassPathArgFile(argFile, this.classPath);
	}

	/**
	 * Writes an argument file that passes a class path to a JVM, in one atomic rename.
	 * @param argFile the file to write
	 * @param classPath the class path
	 * @throws IOException when the file cannot be written
	 */
	static void writeClassPathArgFile(Path argFile, String classPath) throws IOException {
		// Whole or not at all: a JVM never sees the file half written.
		Path partial = argFile.resolveSibling(argFile.getFileName() + ".partial");
		Files.writeString(partial, "-cp \"" + quote(classPath) + "\"\n", StandardCharsets.UTF_8);
		try {
			Files.move(partial, argFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException ex) {
			Files.deleteIfExists(partial);
			throw ex;
		}
	}

	/**
	 * Returns the full command.
	 * @param argFile the file written by {@link #writeArgFile(Path)}; it must live until
	 * the worker JVM has started; unused for a fat jar
	 * @return the command
	 */
	public List<String> toCommand(Path argFile) {
		List<String> command = new ArrayList<>();
		command.add(this.javaExecutable.toString());
		command.addAll(this.jvmArgs);
		if (this.fatJar) {
			command.add("-Dloader.main=" + WORKER_MAIN_CLASS);
			command.add("-cp");
			command.add(this.classPath);
			command.add(PROPERTIES_LAUNCHER);
		}
		else {
			command.add("@" + argFile);
			command.add(WORKER_MAIN_CLASS);
		}
		return command;
	}

	private static String quote(String value) {
		return value.replace("\\", "\\\\").replace("\"", "\\\"");
	}

}
