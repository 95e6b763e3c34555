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

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link LaunchDirectory}.
 */
class LaunchDirectoryTests {

	/** Above any Linux pid_max, so no process ever has it. */
	private static final long DEAD_PID = Integer.MAX_VALUE;

	@TempDir
	Path temporary;

	@Test
	void createsAnOwnerOnlyFolderNamedByPidAndHoldsItsLockUntilClosed() throws IOException {
		LaunchDirectory directory = LaunchDirectory.create(this.temporary);
		Path path = directory.path();
		try {
			assertThat(path.getParent()).isEqualTo(this.temporary);
			assertThat(path.getFileName().toString()).startsWith("ipcw-" + ProcessHandle.current().pid() + "-");
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).isEqualTo("rwx------");
			try (FileChannel channel = FileChannel.open(path.resolve(LaunchDirectory.LOCK_FILE_NAME),
					StandardOpenOption.WRITE)) {
				assertThatExceptionOfType(OverlappingFileLockException.class).isThrownBy(channel::tryLock);
			}
			Files.writeString(path.resolve("classpath.args"), "-cp x");
		}
		finally {
			directory.close();
		}
		assertThat(path).doesNotExist();
		assertThat(entries(this.temporary)).isEmpty();
	}

	@Test
	void removesStaleFoldersOfDeadPidsAndKeepsTheRest() throws IOException {
		Path stale = folder("ipcw-" + DEAD_PID + "-123", LaunchDirectory.LOCK_FILE_NAME, "classpath.args",
				"classpath.args.partial");
		Path live = folder("ipcw-" + ProcessHandle.current().pid() + "-456", LaunchDirectory.LOCK_FILE_NAME);
		// An earlier version's folder: nothing tells whether its parent lives.
		Path unlocked = folder("ipcw-" + DEAD_PID + "-789", "classpath.args");
		Path staging = folder("ipcw-new-42", LaunchDirectory.LOCK_FILE_NAME);
		Path shmFile = Files.createFile(this.temporary.resolve("ipcw-" + DEAD_PID + "-0badc0de-orders-0"));
		Path unrelated = folder(DEAD_PID + "-x", LaunchDirectory.LOCK_FILE_NAME);
		assertThat(LaunchDirectory.removeStale(this.temporary)).isEqualTo(1);
		assertThat(stale).doesNotExist();
		assertThat(live).isDirectory();
		assertThat(unlocked).isDirectory();
		assertThat(staging).isDirectory();
		assertThat(shmFile).isRegularFile();
		assertThat(unrelated).isDirectory();
		assertThat(LaunchDirectory.removeStale(this.temporary)).isZero();
	}

	@Test
	void keepsAStaleLookingFolderHoldingMoreThanFiles() throws IOException {
		Path folder = folder("ipcw-" + DEAD_PID + "-123", LaunchDirectory.LOCK_FILE_NAME);
		Files.createDirectory(folder.resolve("nested"));
		assertThat(LaunchDirectory.removeStale(this.temporary)).isZero();
		assertThat(folder.resolve("nested")).isDirectory();
	}

	@Test
	@Timeout(60)
	void keepsTheFolderOfAParentWhosePidIsNotVisibleHereWhileItHoldsTheLock() throws Exception {
		// A parent in another pid namespace: its pid means nothing here, its lock does.
		Path folder = folder("ipcw-" + DEAD_PID + "-123", LaunchDirectory.LOCK_FILE_NAME, "classpath.args");
		Process holder = new ProcessBuilder(ChildCommand.javaExecutable().toString(), "-cp",
				System.getProperty("java.class.path"), LockHolderMain.class.getName(),
				folder.resolve(LaunchDirectory.LOCK_FILE_NAME).toString())
			.redirectError(ProcessBuilder.Redirect.INHERIT)
			.start();
		try {
			BufferedReader output = new BufferedReader(new InputStreamReader(holder.getInputStream()));
			assertThat(output.readLine()).isEqualTo("locked");
			assertThat(LaunchDirectory.removeStale(this.temporary)).isZero();
			assertThat(folder.resolve("classpath.args")).exists();
		}
		finally {
			holder.destroyForcibly();
			assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
		}
		// The kernel dropped the lock with the process.
		assertThat(LaunchDirectory.removeStale(this.temporary)).isEqualTo(1);
		assertThat(folder).doesNotExist();
	}

	@Test
	void readsTheOwnerPidFromAFolderName() {
		assertThat(LaunchDirectory.ownerPid("ipcw-123-456")).isEqualTo(123L);
		assertThat(LaunchDirectory.ownerPid("ipcw-new-456")).isEqualTo(-1L);
		assertThat(LaunchDirectory.ownerPid("ipcw--456")).isEqualTo(-1L);
		assertThat(LaunchDirectory.ownerPid("ipcw-123")).isEqualTo(-1L);
		assertThat(LaunchDirectory.ownerPid("other-123-456")).isEqualTo(-1L);
		assertThat(LaunchDirectory.ownerPid("ipcw-99999999999999999999-x")).isEqualTo(-1L);
	}

	/**
	 * Holds a lock on a file until killed, like a parent in another container.
	 */
	public static final class LockHolderMain {

		public static void main(String[] args) throws Exception {
			try (FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.WRITE)) {
				channel.lock();
				System.out.println("locked");
				System.out.flush();
				Thread.sleep(60_000);
			}
		}

	}

	private Path folder(String name, String... files) throws IOException {
		Path folder = Files.createDirectory(this.temporary.resolve(name));
		for (String file : files) {
			Files.createFile(folder.resolve(file));
		}
		return folder;
	}

	private static java.util.List<Path> entries(Path folder) throws IOException {
		try (Stream<Path> entries = Files.list(folder)) {
			return entries.toList();
		}
	}

}
