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
package io.github.ipcworker.transport.shm;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The files of the shared-memory transport: where they go, their names, and how they are
 * created and cleaned up.
 *
 * <p>
 * Each worker has a mapped file and a doorbell socket named
 * {@code ipcw-<parent pid>-<random token>-<group>-<worker index>} and the same with
 * {@code .sock}. The pid keeps applications apart and lets
 * {@link #removeStaleFiles(Path)} find the files of parents that are gone; the token
 * keeps apart the groups and the successive links of one parent, and parents of the same
 * pid in other containers that share the directory.
 *
 * <p>
 * A pid alone cannot prove a parent gone: a parent in another pid namespace (another
 * container sharing {@code /dev/shm}) is invisible here, whatever its pid. So the parent
 * also holds an exclusive lock on its mapped file for as long as the file exists, and a
 * file counts as stale only when its pid is not alive here and its lock can be taken. The
 * kernel drops the lock when the process dies, {@code kill -9} included. The group part
 * of a name is only there for people reading the directory: it is sanitized and cut so
 * that the socket path stays below {@link #MAX_SOCKET_PATH_BYTES}.
 */
public final class ShmFiles {

	/** Prefix of every file the transport creates. */
	public static final String FILE_PREFIX = "ipcw-";

	/** Suffix of a doorbell socket's file name. */
	public static final String SOCKET_SUFFIX = ".sock";

	/**
	 * Longest socket path, in bytes. The kernel's limit is the size of {@code sun_path}
	 * less its terminating NUL: 107 bytes on Linux, 103 on macOS; this leaves room to
	 * spare.
	 */
	public static final int MAX_SOCKET_PATH_BYTES = 99;

	/** Most characters of the group name kept in a file name. */
	static final int MAX_GROUP_CHARS = 32;

	private static final Log logger = LogFactory.getLog(ShmFiles.class);

	private static final Path SHARED_MEMORY_DIRECTORY = Path.of("/dev/shm");

	private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

	private static final int ZERO_FILL_CHUNK_LENGTH = 64 * 1024;

	private ShmFiles() {
	}

	/**
	 * Returns where the transport creates its files by default: {@code /dev/shm} when it
	 * exists and is writable (memory, never written back to a disk), else
	 * {@code java.io.tmpdir}.
	 * @return the directory
	 */
	public static Path defaultDirectory() {
		if (Files.isDirectory(SHARED_MEMORY_DIRECTORY) && Files.isWritable(SHARED_MEMORY_DIRECTORY)) {
			return SHARED_MEMORY_DIRECTORY;
		}
		return Path.of(System.getProperty("java.io.tmpdir"));
	}

	/**
	 * Deletes the files in a directory that belong to parent processes that are gone:
	 * those named {@code ipcw-<pid>-…} whose pid no live process has here, and whose
	 * mapped file nobody holds locked (see the class comment). Files of live pids are
	 * never touched, whoever owns them, so this process never opens its own files
	 * (closing a second channel on a file would drop this process's lock on it). Files
	 * that cannot be opened or deleted (another user's) are skipped.
	 * @param directory the directory
	 * @return how many files were deleted
	 * @throws IOException when the directory cannot be listed
	 */
	public static int removeStaleFiles(Path directory) throws IOException {
		if (!Files.isDirectory(directory)) {
			return 0;
		}
		Map<Long, Boolean> alive = new HashMap<>();
		List<Path> mappedFiles = new ArrayList<>();
		List<Path> socketFiles = new ArrayList<>();
		try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, FILE_PREFIX + "*")) {
			for (Path entry : entries) {
				String name = entry.getFileName().toString();
				long pid = ownerPid(name);
				if (pid <= 0 || alive.computeIfAbsent(pid, ShmFiles::isAlive)
						|| Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
					continue;
				}
				(name.endsWith(SOCKET_SUFFIX) ? socketFiles : mappedFiles).add(entry);
			}
		}
		int removed = 0;
		Set<String> held = new HashSet<>();
		for (Path file : mappedFiles) {
			if (deleteUnlessLocked(file)) {
				removed++;
			}
			else if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
				held.add(file.getFileName().toString());
			}
		}
		for (Path socketFile : socketFiles) {
			String name = socketFile.getFileName().toString();
			// A socket goes with its mapped file, which its parent deletes first.
			if (!held.contains(name.substring(0, name.length() - SOCKET_SUFFIX.length())) && delete(socketFile)) {
				removed++;
			}
		}
		return removed;
	}

	/**
	 * Deletes a mapped file if no process holds its lock.
	 * @return whether it was deleted
	 */
	private static boolean deleteUnlessLocked(Path file) {
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE,
				LinkOption.NOFOLLOW_LINKS)) {
			FileLock lock = channel.tryLock();
			if (lock == null) {
				// Its parent lives, in a pid namespace of its own.
				return false;
			}
			// Deleted while locked, so that nobody can take it meanwhile; closing the
			// channel releases the lock.
			return delete(file);
		}
		catch (IOException | OverlappingFileLockException ex) {
			logger.debug("Could not check stale file " + file, ex);
			return false;
		}
	}

	private static boolean delete(Path file) {
		try {
			return Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			logger.debug("Could not delete stale file " + file, ex);
			return false;
		}
	}

	/**
	 * Returns the pid in a file name of the transport.
	 * @param fileName the file name
	 * @return the pid, or -1 when the name is not one of the transport's
	 */
	static long ownerPid(String fileName) {
		if (!fileName.startsWith(FILE_PREFIX)) {
			return -1;
		}
		int end = fileName.indexOf('-', FILE_PREFIX.length());
		if (end <= FILE_PREFIX.length() || end - FILE_PREFIX.length() > 18) {
			return -1;
		}
		long pid = 0;
		for (int i = FILE_PREFIX.length(); i < end; i++) {
			char c = fileName.charAt(i);
			if (c < '0' || c > '9') {
				return -1;
			}
			pid = pid * 10 + (c - '0');
		}
		return pid;
	}

	/**
	 * Makes a new base name for the files of one link, unique to this process.
	 * @param directory the directory the files go to
	 * @param group the group name
	 * @param workerIndex the worker's index
	 * @return the name of the mapped file; the socket's adds {@link #SOCKET_SUFFIX}
	 * @throws IOException when the directory's path leaves no room for a socket name
	 */
	static String newBaseName(Path directory, String group, int workerIndex) throws IOException {
		String token = String.format("%08x", ThreadLocalRandom.current().nextInt());
		return baseName(directory, ProcessHandle.current().pid(), token, group, workerIndex);
	}

	/**
	 * Makes the base name for the files of one link.
	 * @param directory the directory the files go to
	 * @param pid the parent's pid
	 * @param token a random token
	 * @param group the group name
	 * @param workerIndex the worker's index
	 * @return the name of the mapped file; the socket's adds {@link #SOCKET_SUFFIX}
	 * @throws IOException when the directory's path leaves no room for a socket name
	 */
	static String baseName(Path directory, long pid, String token, String group, int workerIndex) throws IOException {
		String head = FILE_PREFIX + pid + "-" + token + "-";
		String tail = "-" + workerIndex;
		int directoryBytes = directory.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8).length;
		int room = MAX_SOCKET_PATH_BYTES - directoryBytes - 1 - head.length() - tail.length() - SOCKET_SUFFIX.length();
		if (room < 1) {
			throw new IOException("directory path too long for a Unix domain socket in it: directory=" + directory
					+ " bytes=" + directoryBytes + " max=" + (directoryBytes + room - 1));
		}
		String sanitized = sanitize(group);
		return head + sanitized.substring(0, Math.min(sanitized.length(), Math.min(room, MAX_GROUP_CHARS))) + tail;
	}

	/**
	 * Makes a group name safe for a file name: letters, digits, {@code .}, {@code _} and
	 * {@code -} are kept, anything else becomes {@code _}.
	 * @param group the group name
	 * @return the sanitized name, never empty
	 */
	static String sanitize(String group) {
		StringBuilder sanitized = new StringBuilder(group.length());
		for (int i = 0; i < group.length(); i++) {
			char c = group.charAt(i);
			boolean safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.'
					|| c == '_' || c == '-';
			sanitized.append(safe ? c : '_');
		}
		return sanitized.isEmpty() ? "_" : sanitized.toString();
	}

	/**
	 * Creates a new file readable and writable by its owner only, locks it, fills it with
	 * zeros and maps it.
	 * @param file the file, which must not exist
	 * @param length the length in bytes
	 * @return the mapped file, locked until its channel is closed
	 * @throws IOException when the file exists or cannot be created, filled or mapped
	 */
	static MappedFile createMappedFile(Path file, int length) throws IOException {
		Set<StandardOpenOption> options = EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
				StandardOpenOption.WRITE);
		// Fails when the file exists: then nothing here is ours to delete.
		FileChannel channel = FileChannel.open(file, options, ownerOnly(file));
		try {
			// Taken first: until then another container's clean-up could think the empty
			// file stale.
			channel.lock();
			// Writing every page now makes a full /dev/shm fail here, with an
			// IOException, rather than later with a SIGBUS that kills the JVM.
			ByteBuffer zeros = ByteBuffer.allocateDirect(ZERO_FILL_CHUNK_LENGTH);
			for (long position = 0; position < length; position += ZERO_FILL_CHUNK_LENGTH) {
				zeros.clear().limit((int) Math.min(ZERO_FILL_CHUNK_LENGTH, length - position));
				while (zeros.hasRemaining()) {
					channel.write(zeros, position + zeros.position());
				}
			}
			return new MappedFile(channel.map(FileChannel.MapMode.READ_WRITE, 0, length), channel);
		}
		catch (IOException | RuntimeException ex) {
			deleteQuietly(file);
			channel.close();
			throw ex;
		}
	}

	/**
	 * Binds a doorbell socket and restricts its file to the owner. The file is created
	 * with the process's umask and restricted just after; whoever connects in between is
	 * turned away later, because it cannot send the doorbell key from the mapped file.
	 * @param socketFile the socket's path, which must not exist
	 * @return the bound server socket
	 * @throws IOException when the socket cannot be bound
	 */
	static ServerSocketChannel bindDoorbell(Path socketFile) throws IOException {
		ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
		try {
			server.bind(UnixDomainSocketAddress.of(socketFile), 1);
		}
		catch (IOException | RuntimeException ex) {
			// Not bound (the path may exist): nothing here is ours to delete.
			server.close();
			throw ex;
		}
		try {
			if (isPosix(socketFile)) {
				Files.setPosixFilePermissions(socketFile, OWNER_ONLY);
			}
			return server;
		}
		catch (IOException | RuntimeException ex) {
			server.close();
			deleteQuietly(socketFile);
			throw ex;
		}
	}

	/**
	 * Deletes files, logging what cannot be deleted.
	 * @param files the files
	 */
	static void deleteQuietly(Path... files) {
		for (Path file : files) {
			try {
				Files.deleteIfExists(file);
			}
			catch (IOException ex) {
				logger.warn("Could not delete " + file, ex);
			}
		}
	}

	private static FileAttribute<?>[] ownerOnly(Path file) {
		return isPosix(file) ? new FileAttribute<?>[] { PosixFilePermissions.asFileAttribute(OWNER_ONLY) }
				: new FileAttribute<?>[0];
	}

	private static boolean isPosix(Path file) {
		return file.getFileSystem().supportedFileAttributeViews().contains("posix");
	}

	/**
	 * A mapped file and the channel that holds its lock: close the channel once the file
	 * is deleted.
	 *
	 * @param buffer the mapping
	 * @param lockChannel the channel holding the lock
	 */
	record MappedFile(MappedByteBuffer buffer, FileChannel lockChannel) {

	}

	private static boolean isAlive(long pid) {
		return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
	}

}
