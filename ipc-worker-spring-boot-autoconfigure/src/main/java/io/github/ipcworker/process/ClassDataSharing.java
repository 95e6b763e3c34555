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
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * A class-data archive (CDS) shared by the worker JVMs of one application, so that a
 * worker maps the classes it loads at start-up instead of reading, parsing and verifying
 * them again.
 *
 * <p>
 * The first worker launched without an archive is the training worker: it gets
 * {@code -XX:ArchiveClassesAtExit} (a dynamic archive, JDK 13 and later) naming a private
 * temporary file, which its JVM writes when it exits. Only when it exited with status 0,
 * which the JVM turns into 1 when the dump failed, is the file moved into place, in one
 * atomic rename; two applications doing so at once each move a whole archive. A worker
 * killed during its dump leaves a temporary file that is never used and is removed later.
 * Every later worker gets {@code -XX:SharedArchiveFile}; the JVM's default
 * {@code -Xshare:auto} starts without the archive when it is unusable (another JDK,
 * another class path, a truncated or foreign file), so an archive can make a start faster
 * but never fail it.
 *
 * <p>
 * Archives are named by a key of the JDK ({@code java.home}, {@code java.vm.version}) and
 * the class path (each entry, with the size and modification time of files, and the same
 * of every file below a directory), so that a changed class path or JDK uses a new
 * archive; those of the same application under other keys are removed.
 *
 * <p>
 * The JDK refuses to dump when a class was loaded from a non-empty directory on the class
 * path (an IDE's or a test run's {@code target/classes}): such a directory is copied into
 * a jar in the archive folder, and the worker runs from that copy, taken when the
 * application first launched a worker, which is what the parent runs too.
 */
public final class ClassDataSharing {

	/** Prefix of every file this class writes. */
	public static final String FILE_PREFIX = "ipcw-cds-";

	/** Suffix of an archive in place. */
	static final String ARCHIVE_SUFFIX = ".jsa";

	/** Infix of a temporary archive being written by a training worker. */
	static final String TEMPORARY_INFIX = ".tmp-";

	/**
	 * Options with which the user chose class-data sharing themselves: any of them and
	 * nothing is added.
	 */
	private static final List<String> USER_OPTIONS = List.of("-Xshare", "-XX:SharedArchiveFile",
			"-XX:ArchiveClassesAtExit", "-XX:+AutoCreateSharedArchive", "-XX:AOTCache", "-XX:AOTMode",
			"-XX:AOTConfiguration", "-XX:SharedClassListFile", "-XX:DumpLoadedClassList");

	/** How many training runs one application tries before it gives up. */
	private static final int MAX_TRAINING_RUNS = 2;

	/**
	 * Age after which a temporary file is surely not being written any more: a training
	 * worker writes it in seconds, at its exit.
	 */
	private static final Duration TEMPORARY_STALE_AFTER = Duration.ofHours(1);

	/** How long the check of a new archive may take: a JVM start. */
	public static final Duration CHECK_TIMEOUT = Duration.ofSeconds(10);

	private static final Log logger = LogFactory.getLog(ClassDataSharing.class);

	private final Path directory;

	private final String application;

	private final String javaHome;

	private final String vmVersion;

	private @Nullable Prepared prepared;

	private boolean disabled;

	private boolean training;

	private int trainingRuns;

	/**
	 * Creates the archive handling of one application.
	 * @param directory the folder of the archives, created owner-only when missing
	 * @param application what names the application, such as its primary source and the
	 * first class-path entry: archives under other keys with the same name are removed
	 */
	public ClassDataSharing(Path directory, String application) {
		this(directory, application, System.getProperty("java.home", ""), System.getProperty("java.vm.version", ""));
	}

	ClassDataSharing(Path directory, String application, String javaHome, String vmVersion) {
		this.directory = directory.toAbsolutePath();
		this.application = hash(List.of(application)).substring(0, 12);
		this.javaHome = javaHome;
		this.vmVersion = vmVersion;
	}

	/**
	 * Returns the default folder of the archives: {@code ipc-worker/cds} in the user's
	 * cache folder ({@code $XDG_CACHE_HOME}, or {@code ~/.cache}), which outlives a
	 * reboot and is the user's own, unlike a shared temporary folder where another user
	 * could plant an archive first.
	 * @return the folder
	 */
	public static Path defaultDirectory() {
		String cache = System.getenv("XDG_CACHE_HOME");
		Path base = (cache != null && !cache.isBlank()) ? Path.of(cache)
				: Path.of(System.getProperty("user.home", "."), ".cache");
		return base.resolve("ipc-worker").resolve("cds");
	}

	/**
	 * Returns whether the user's options choose class-data sharing themselves, in which
	 * case nothing is added: {@code -Xshare:*}, {@code -XX:SharedArchiveFile},
	 * {@code -XX:AOTCache} and the like.
	 * @param options the worker's JVM options, and those of {@code JAVA_TOOL_OPTIONS} or
	 * {@code JDK_JAVA_OPTIONS}
	 * @return whether the user's choice stands
	 */
	public static boolean userChoosesSharing(List<String> options) {
		for (String option : options) {
			for (String word : option.trim().split("\\s+")) {
				for (String userOption : USER_OPTIONS) {
					if (word.startsWith(userOption)) {
						return true;
					}
				}
			}
		}
		return false;
	}

	/**
	 * Returns how one worker is launched: its class path and the options to add.
	 * Synchronized: the workers of all groups launch at once, and only one of them may be
	 * the training worker.
	 * @param classPath the worker's class path, entries separated by
	 * {@link File#pathSeparator}
	 * @param jvmArgs the worker's other JVM options
	 * @return the launch, the class path unchanged and no option when anything fails
	 */
	public synchronized Launch prepare(String classPath, List<String> jvmArgs) {
		Launch unchanged = new Launch(classPath, List.of(), null);
		if (this.disabled) {
			return unchanged;
		}
		try {
			Prepared prepared = this.prepared;
			if (prepared == null || !prepared.classPath().equals(classPath)) {
				prepared = prepareOnce(classPath);
				this.prepared = prepared;
			}
			prepared.ensureCopies();
			String workerClassPath = prepared.workerClassPath();
			if (Files.isRegularFile(prepared.archive())) {
				return new Launch(workerClassPath, List.of("-XX:SharedArchiveFile=" + prepared.archive()), null);
			}
			if (this.training || this.trainingRuns >= MAX_TRAINING_RUNS) {
				return new Launch(workerClassPath, List.of(), null);
			}
			this.training = true;
			this.trainingRuns++;
			Path temporary = this.directory
				.resolve(prepared.archive().getFileName() + TEMPORARY_INFIX + UUID.randomUUID());
			List<String> options = new ArrayList<>();
			options.add("-XX:ArchiveClassesAtExit=" + temporary);
			if (jvmArgs.stream().noneMatch((option) -> option.startsWith("-Xlog") && option.contains("cds"))) {
				// The dump warns of every class it skips (dozens, such as classes that
				// failed verification or generated ones) into the application's log.
				options.add("-Xlog:cds*=off");
			}
			return new Launch(workerClassPath, options, temporary);
		}
		catch (IOException | RuntimeException ex) {
			this.disabled = true;
			logger.info("Worker JVMs start without a class-data archive: could not prepare one in " + this.directory
					+ ": " + ex);
			return unchanged;
		}
	}

	/**
	 * Takes note that a worker ended: the archive of a training worker that exited with
	 * status 0 is checked and moved into place; any other is removed.
	 * @param launch the worker's launch
	 * @param exitCode its exit status
	 * @param jvmArgs the worker's JVM options, of which those that decide whether an
	 * archive fits (heap size, collector, compressed pointers: {@code -XX:} and
	 * {@code -Xm}) are given to the check
	 */
	public void finished(Launch launch, int exitCode, List<String> jvmArgs) {
		Path temporary = launch.training();
		if (temporary == null) {
			return;
		}
		Path argFile = temporary.resolveSibling(temporary.getFileName() + ".args");
		Prepared prepared;
		synchronized (this) {
			prepared = this.prepared;
		}
		try {
			if (exitCode == 0 && prepared != null && Files.isRegularFile(temporary) && Files.size(temporary) > 0) {
				ChildCommand.writeClassPathArgFile(argFile, launch.classPath());
				if (starts(temporary, argFile, jvmArgs)) {
					moveIntoPlace(temporary, prepared.archive());
					logger.debug("Created class-data archive " + prepared.archive());
				}
				else {
					logger.info("Worker JVMs start without a class-data archive: a JVM did not start with the one "
							+ "a worker wrote");
				}
			}
			else {
				logger.debug("No class-data archive from a worker that exited with status " + exitCode);
			}
		}
		catch (IOException ex) {
			logger.info("Could not keep class-data archive " + temporary + ": " + ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			deleteQuietly(temporary);
			deleteQuietly(argFile);
			synchronized (this) {
				this.training = false;
			}
		}
	}

	/**
	 * Returns whether a JVM starts with an archive, {@code -Xshare:on} so that it fails
	 * rather than fall back. Needed since JDK 17 crashes (SIGBUS) on a truncated dynamic
	 * archive instead of falling back, and a file with exit status 0 behind it is whole
	 * by all accounts but this check.
	 */
	static boolean starts(Path archive, Path argFile, List<String> jvmArgs) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(ChildCommand.javaExecutable().toString());
		for (String option : jvmArgs) {
			if ((option.startsWith("-XX:") && !option.contains("FlightRecord") && !option.startsWith("-XX:On"))
					|| option.startsWith("-Xm")) {
				command.add(option);
			}
		}
		command.add("-Xshare:on");
		command.add("-XX:SharedArchiveFile=" + archive);
		command.add("@" + argFile);
		command.add("-version");
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		try {
			if (!process.waitFor(CHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				return false;
			}
			return process.exitValue() == 0;
		}
		finally {
			process.destroyForcibly();
		}
	}

	/**
	 * Moves a file into place in one atomic rename, replacing what is there: a reader
	 * sees the old whole file or the new whole file.
	 * @param source the file, in the same folder
	 * @param target its final name
	 * @throws IOException when the rename fails; the source is left
	 */
	static void moveIntoPlace(Path source, Path target) throws IOException {
		Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
	}

	/**
	 * Returns the key of a JDK and a class path: a change to any entry, or to a file
	 * below a directory entry, gives another key.
	 * @param javaHome the JDK's {@code java.home}
	 * @param vmVersion its {@code java.vm.version}
	 * @param entries the class-path entries
	 * @return the key, in hexadecimal
	 * @throws IOException when a directory cannot be walked
	 */
	static String key(String javaHome, String vmVersion, List<String> entries) throws IOException {
		List<String> parts = new ArrayList<>();
		parts.add(javaHome);
		parts.add(vmVersion);
		for (String entry : entries) {
			parts.add(entry);
			Path path = Path.of(entry);
			if (Files.isRegularFile(path)) {
				parts.add(fileStamp(path));
			}
			else if (Files.isDirectory(path)) {
				for (Path file : filesBelow(path)) {
					parts.add(path.relativize(file) + "=" + fileStamp(file));
				}
			}
		}
		return hash(parts).substring(0, 24);
	}

	/**
	 * Returns the name of the archive of an application under a key.
	 * @param application the application's name, hashed
	 * @param key the key
	 * @return the file name
	 */
	static String archiveName(String application, String key) {
		return FILE_PREFIX + application + "-" + key + ARCHIVE_SUFFIX;
	}

	private Prepared prepareOnce(String classPath) throws IOException {
		ensureDirectory();
		List<String> entries = new ArrayList<>();
		for (String entry : classPath.split(File.pathSeparator)) {
			if (!entry.isEmpty()) {
				entries.add(entry);
			}
		}
		String key = key(this.javaHome, this.vmVersion, entries);
		String stem = FILE_PREFIX + this.application + "-" + key;
		List<String> workerEntries = new ArrayList<>();
		List<Copy> copies = new ArrayList<>();
		for (String entry : entries) {
			Path path = Path.of(entry);
			if (Files.isDirectory(path) && !filesBelow(path).isEmpty()) {
				Path jar = this.directory.resolve(stem + "-" + copies.size() + ".jar");
				copies.add(new Copy(path, jar));
				workerEntries.add(jar.toString());
			}
			else {
				workerEntries.add(entry);
			}
		}
		Prepared prepared = new Prepared(classPath, String.join(File.pathSeparator, workerEntries),
				this.directory.resolve(archiveName(this.application, key)), copies);
		removeOthers(stem);
		return prepared;
	}

	/**
	 * Creates the folder owner-only, and refuses one that others may write: whoever can
	 * put an archive there runs code in the workers.
	 */
	private void ensureDirectory() throws IOException {
		if (!Files.isDirectory(this.directory)) {
			Files.createDirectories(this.directory.getParent());
			try {
				Files.createDirectory(this.directory, LaunchDirectory.ownerOnly(this.directory.getParent()));
			}
			catch (FileAlreadyExistsException ex) {
				// Another application created it at the same time: checked below.
			}
		}
		if (this.directory.getFileSystem().supportedFileAttributeViews().contains("posix")) {
			Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(this.directory,
					LinkOption.NOFOLLOW_LINKS);
			if (permissions.contains(PosixFilePermission.GROUP_WRITE)
					|| permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
				throw new IOException("others may write to it");
			}
			String owner = Files.getOwner(this.directory, LinkOption.NOFOLLOW_LINKS).getName();
			if (!owner.equals(System.getProperty("user.name"))) {
				throw new IOException("it belongs to " + owner);
			}
		}
	}

	/**
	 * Removes this application's files under other keys, and temporary files no training
	 * worker writes any more. An archive in use by a running JVM stays mapped; a copy of
	 * a directory in use by another running instance is made again by that instance when
	 * it launches a worker.
	 */
	private void removeOthers(String stem) {
		String mine = FILE_PREFIX + this.application + "-";
		long staleBefore = System.currentTimeMillis() - TEMPORARY_STALE_AFTER.toMillis();
		try (DirectoryStream<Path> files = Files.newDirectoryStream(this.directory, FILE_PREFIX + "*")) {
			for (Path file : files) {
				String name = file.getFileName().toString();
				boolean temporary = name.contains(TEMPORARY_INFIX);
				if (temporary) {
					if (Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toMillis() < staleBefore) {
						deleteQuietly(file);
					}
				}
				else if (name.startsWith(mine) && !name.startsWith(stem)) {
					deleteQuietly(file);
				}
			}
		}
		catch (IOException ex) {
			logger.debug("Could not remove old class-data archives from " + this.directory, ex);
		}
	}

	private static List<Path> filesBelow(Path directory) throws IOException {
		try (Stream<Path> walk = Files.walk(directory)) {
			return walk.filter((path) -> Files.isRegularFile(path)).sorted().toList();
		}
	}

	private static List<Path> entriesBelow(Path directory) throws IOException {
		try (Stream<Path> walk = Files.walk(directory)) {
			return walk.filter((path) -> Files.isRegularFile(path) || Files.isDirectory(path)).sorted().toList();
		}
	}

	private static String fileStamp(Path file) throws IOException {
		BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
		return attributes.size() + "@" + attributes.lastModifiedTime().toMillis();
	}

	private static String hash(List<String> parts) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			for (String part : parts) {
				digest.update(part.getBytes(StandardCharsets.UTF_8));
				digest.update((byte) 0);
			}
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void deleteQuietly(Path file) {
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			logger.debug("Could not delete " + file, ex);
		}
	}

	/**
	 * How one worker is launched.
	 *
	 * @param classPath its class path
	 * @param jvmArgs the options to add
	 * @param training the temporary archive it writes at exit, when it is the training
	 * worker
	 */
	public record Launch(String classPath, List<String> jvmArgs, @Nullable Path training) {

		public Launch {
			jvmArgs = List.copyOf(jvmArgs);
		}

	}

	/** What is computed once per class path. */
	private record Prepared(String classPath, String workerClassPath, Path archive, List<Copy> copies) {

		void ensureCopies() throws IOException {
			for (Copy copy : this.copies) {
				copy.ensure();
			}
		}

	}

	/**
	 * A jar holding what a class-path directory held when first seen. Its modification
	 * time is fixed, so that a copy made again matches the archive made with the first.
	 */
	private record Copy(Path directory, Path jar) {

		private static final FileTime FIXED_TIME = FileTime.fromMillis(315532800000L);

		void ensure() throws IOException {
			if (Files.isRegularFile(this.jar)) {
				return;
			}
			Path temporary = this.jar.resolveSibling(this.jar.getFileName() + TEMPORARY_INFIX + UUID.randomUUID());
			try {
				try (OutputStream out = Files.newOutputStream(temporary);
						JarOutputStream jar = new JarOutputStream(out)) {
					for (Path path : entriesBelow(this.directory)) {
						String name = this.directory.relativize(path).toString().replace(File.separatorChar, '/');
						boolean folder = Files.isDirectory(path);
						if (name.isEmpty() || name.toUpperCase(Locale.ROOT).equals("META-INF/MANIFEST.MF")) {
							continue;
						}
						// Folder entries too: ClassLoader.getResources("com/example/"),
						// which classpath scanning uses, finds nothing in a jar without.
						JarEntry entry = new JarEntry(folder ? name + "/" : name);
						entry.setLastModifiedTime(Files.getLastModifiedTime(path));
						jar.putNextEntry(entry);
						if (!folder) {
							Files.copy(path, jar);
						}
						jar.closeEntry();
					}
				}
				Files.setLastModifiedTime(temporary, FIXED_TIME);
				moveIntoPlace(temporary, this.jar);
			}
			finally {
				deleteQuietly(temporary);
			}
		}

	}

}
