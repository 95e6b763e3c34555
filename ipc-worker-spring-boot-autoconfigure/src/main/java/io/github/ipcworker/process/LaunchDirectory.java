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

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The private temporary folder of an application that launches workers (it holds the
 * class-path argument file), named {@code ipcw-<pid>-<random>}, owner-only.
 *
 * <p>
 * The application removes it when it stops. One that was killed cannot, so each start
 * removes the folders of parents that are gone, as the shared-memory transport does with
 * its files: a folder is stale when no live process here has its pid and nobody holds the
 * lock on its {@value #LOCK_FILE_NAME} file. The pid alone cannot prove a parent gone: a
 * parent in another pid namespace (a container, or a CI job, sharing {@code /tmp}) is
 * invisible here, whatever its pid; its lock is not, and the kernel drops the lock when
 * the process dies, {@code kill -9} included.
 *
 * <p>
 * A folder is set up under a name that clean-up ignores ({@value #STAGING_PREFIX}…), its
 * lock taken, and only then renamed to its final name: clean-up never sees a folder of a
 * live parent without its lock held. A folder without a lock file (made by an earlier
 * version) is never removed, since nothing tells whether its parent lives.
 */
public final class LaunchDirectory implements AutoCloseable {

	/** Prefix of the folders' names, followed by the owner's pid. */
	public static final String PREFIX = "ipcw-";

	/** Name of the file whose lock the owner holds while the folder exists. */
	public static final String LOCK_FILE_NAME = "owner.lock";

	/** Prefix of a folder being set up: no pid follows, so clean-up passes it by. */
	static final String STAGING_PREFIX = PREFIX + "new-";

	private static final Log logger = LogFactory.getLog(LaunchDirectory.class);

	private final Path path;

	private final FileChannel lockChannel;

	private LaunchDirectory(Path path, FileChannel lockChannel) {
		this.path = path;
		this.lockChannel = lockChannel;
	}

	/**
	 * Creates a new folder of this process, and holds its lock until {@link #close()}.
	 * @param parent where to create it, such as {@code java.io.tmpdir}
	 * @return the folder
	 * @throws IOException when it cannot be created or locked
	 */
	public static LaunchDirectory create(Path parent) throws IOException {
		Path staging = Files.createTempDirectory(parent, STAGING_PREFIX, ownerOnly(parent));
		FileChannel lockChannel = null;
		try {
			lockChannel = FileChannel.open(staging.resolve(LOCK_FILE_NAME), StandardOpenOption.CREATE_NEW,
					StandardOpenOption.WRITE);
			lockChannel.lock();
			String random = staging.getFileName().toString().substring(STAGING_PREFIX.length());
			Path path = staging.resolveSibling(PREFIX + ProcessHandle.current().pid() + "-" + random);
			Files.move(staging, path, StandardCopyOption.ATOMIC_MOVE);
			return new LaunchDirectory(path, lockChannel);
		}
		catch (IOException | RuntimeException ex) {
			deleteFolder(staging);
			if (lockChannel != null) {
				lockChannel.close();
			}
			throw ex;
		}
	}

	/**
	 * Returns the folder.
	 * @return its path
	 */
	public Path path() {
		return this.path;
	}

	/**
	 * Deletes the folder and what is in it, then releases its lock.
	 */
	@Override
	public void close() {
		try {
			// Deleted while locked, so that another parent's clean-up never races this.
			deleteFolder(this.path);
		}
		finally {
			try {
				this.lockChannel.close();
			}
			catch (IOException ex) {
				logger.debug("Could not release the lock of " + this.path, ex);
			}
		}
	}

	/**
	 * Deletes the folders of parents that are gone (see the class comment). Folders of
	 * live pids are never touched, whoever owns them, so this process never opens the
	 * lock file of a folder of its own (closing a second channel on it would drop its
	 * lock). Folders that cannot be opened or deleted (another user's) are skipped.
	 * @param parent the folder holding them
	 * @return how many folders were deleted
	 * @throws IOException when the folder cannot be listed
	 */
	public static int removeStale(Path parent) throws IOException {
		if (!Files.isDirectory(parent)) {
			return 0;
		}
		List<Path> candidates = new ArrayList<>();
		try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent, PREFIX + "*")) {
			for (Path entry : entries) {
				long pid = ownerPid(entry.getFileName().toString());
				// Only folders: the shared-memory transport's files share the prefix
				// when it falls back to java.io.tmpdir.
				if (pid > 0 && Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS) && !isAlive(pid)) {
					candidates.add(entry);
				}
			}
		}
		int removed = 0;
		for (Path folder : candidates) {
			if (deleteUnlessLocked(folder)) {
				removed++;
			}
		}
		return removed;
	}

	private static boolean deleteUnlessLocked(Path folder) {
		Path lockFile = folder.resolve(LOCK_FILE_NAME);
		if (!Files.isRegularFile(lockFile, LinkOption.NOFOLLOW_LINKS)) {
			return false;
		}
		try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
			FileLock lock = channel.tryLock();
			if (lock == null) {
				// Its parent lives, in a pid namespace of its own.
				return false;
			}
			return deleteFolder(folder);
		}
		catch (IOException | OverlappingFileLockException ex) {
			logger.debug("Could not check stale folder " + folder, ex);
			return false;
		}
	}

	/**
	 * Deletes a folder of files, the lock file last. A folder holding anything but
	 * regular files is not one of ours and is left.
	 * @return whether the folder was deleted
	 */
	private static boolean deleteFolder(Path folder) {
		try {
			List<Path> files = new ArrayList<>();
			try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
				for (Path entry : entries) {
					if (!Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
						logger.debug("Not deleting " + folder + ", which holds " + entry);
						return false;
					}
					if (!entry.getFileName().toString().equals(LOCK_FILE_NAME)) {
						files.add(entry);
					}
				}
			}
			for (Path file : files) {
				Files.deleteIfExists(file);
			}
			Files.deleteIfExists(folder.resolve(LOCK_FILE_NAME));
			return Files.deleteIfExists(folder);
		}
		catch (IOException ex) {
			logger.debug("Could not delete " + folder, ex);
			return false;
		}
	}

	/**
	 * Returns the pid in a folder name.
	 * @param name the folder name
	 * @return the pid, or -1 when the name is not one of a launch folder
	 */
	static long ownerPid(String name) {
		if (!name.startsWith(PREFIX)) {
			return -1;
		}
		int end = name.indexOf('-', PREFIX.length());
		if (end <= PREFIX.length() || end - PREFIX.length() > 18) {
			return -1;
		}
		long pid = 0;
		for (int i = PREFIX.length(); i < end; i++) {
			char c = name.charAt(i);
			if (c < '0' || c > '9') {
				return -1;
			}
			pid = pid * 10 + (c - '0');
		}
		return pid;
	}

	private static boolean isAlive(long pid) {
		return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
	}

	/**
	 * Returns the attributes of a folder only its owner may use, where the file system
	 * has POSIX permissions; none elsewhere.
	 * @param parent the folder it is created in
	 * @return the attributes
	 */
	static FileAttribute<?>[] ownerOnly(Path parent) {
		return parent.getFileSystem().supportedFileAttributeViews().contains("posix")
				? new FileAttribute<?>[] {
						PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")) }
				: new FileAttribute<?>[0];
	}

}
