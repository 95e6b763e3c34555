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

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

import io.github.ipcworker.process.ChildCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Tests for {@link ShmFiles}.
 */
class ShmFilesTests {

	/** Above any Linux pid_max, so no process ever has it. */
	private static final long DEAD_PID = Integer.MAX_VALUE;

	@TempDir
	Path directory;

	@Test
	void shouldRemoveStaleFilesOfDeadPidAndKeepThoseOfLivePid() throws IOException {
		long livePid = ProcessHandle.current().pid();
		Path staleFile = touch("ipcw-" + DEAD_PID + "-0badc0de-orders-0");
		Path staleSocket = touch("ipcw-" + DEAD_PID + "-0badc0de-orders-0.sock");
		Path liveFile = touch("ipcw-" + livePid + "-600dc0de-orders-0");
		Path liveSocket = touch("ipcw-" + livePid + "-600dc0de-orders-0.sock");
		Path notOurs = touch("ipcw-orders");
		Path unrelated = touch(DEAD_PID + "-something");
		assertThat(ShmFiles.removeStaleFiles(this.directory)).isEqualTo(2);
		assertThat(staleFile).doesNotExist();
		assertThat(staleSocket).doesNotExist();
		assertThat(liveFile).exists();
		assertThat(liveSocket).exists();
		assertThat(notOurs).exists();
		assertThat(unrelated).exists();
		assertThat(ShmFiles.removeStaleFiles(this.directory)).isZero();
	}

	@Test
	@Timeout(60)
	void shouldKeepFilesLockedByAParentWhosePidIsNotVisibleHere() throws Exception {
		// A parent in another pid namespace: its pid means nothing here, its lock does.
		Path lockedFile = touch("ipcw-" + DEAD_PID + "-0c0ffee0-orders-0");
		Path lockedSocket = touch("ipcw-" + DEAD_PID + "-0c0ffee0-orders-0.sock");
		Process holder = new ProcessBuilder(ChildCommand.javaExecutable().toString(), "-cp",
				System.getProperty("java.class.path"), LockHolderMain.class.getName(), lockedFile.toString())
			.redirectError(ProcessBuilder.Redirect.INHERIT)
			.start();
		try {
			BufferedReader output = new BufferedReader(new InputStreamReader(holder.getInputStream()));
			assertThat(output.readLine()).isEqualTo("locked");
			assertThat(ShmFiles.removeStaleFiles(this.directory)).isZero();
			assertThat(lockedFile).exists();
			assertThat(lockedSocket).exists();
		}
		finally {
			holder.destroyForcibly();
			assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
		}
		// The kernel dropped the lock with the process.
		assertThat(ShmFiles.removeStaleFiles(this.directory)).isEqualTo(2);
		assertThat(lockedFile).doesNotExist();
		assertThat(lockedSocket).doesNotExist();
	}

	@Test
	void shouldLockTheMappedFilesItCreatesUntilTheirChannelIsClosed() throws IOException {
		Path file = this.directory.resolve("ipcw-" + ProcessHandle.current().pid() + "-1234abcd-g-0");
		ShmFiles.MappedFile mapped = ShmFiles.createMappedFile(file, 4096);
		try {
			assertThat(mapped.lockChannel().isOpen()).isTrue();
			assertThatExceptionOfType(OverlappingFileLockException.class)
				.isThrownBy(() -> mapped.lockChannel().tryLock());
			assertThat(mapped.buffer().capacity()).isEqualTo(4096);
		}
		finally {
			Files.delete(file);
			mapped.lockChannel().close();
		}
	}

	@Test
	void shouldFindNothingStaleInMissingDirectory() throws IOException {
		assertThat(ShmFiles.removeStaleFiles(this.directory.resolve("missing"))).isZero();
	}

	@Test
	void shouldReadOwnerPidFromFileName() {
		assertThat(ShmFiles.ownerPid("ipcw-123-abcdef01-g-0")).isEqualTo(123L);
		assertThat(ShmFiles.ownerPid("ipcw-123-abcdef01-g-0.sock")).isEqualTo(123L);
		assertThat(ShmFiles.ownerPid("ipcw--abcdef01-g-0")).isEqualTo(-1L);
		assertThat(ShmFiles.ownerPid("ipcw-12a-abcdef01-g-0")).isEqualTo(-1L);
		assertThat(ShmFiles.ownerPid("ipcw-123")).isEqualTo(-1L);
		assertThat(ShmFiles.ownerPid("other-123-x")).isEqualTo(-1L);
		assertThat(ShmFiles.ownerPid("ipcw-99999999999999999999-x")).isEqualTo(-1L);
	}

	@Test
	void shouldNameFilesByPidTokenGroupAndIndex() throws IOException {
		assertThat(ShmFiles.baseName(this.directory, 4321L, "0a1b2c3d", "thumbnails", 2))
			.isEqualTo("ipcw-4321-0a1b2c3d-thumbnails-2");
		assertThat(ShmFiles.newBaseName(this.directory, "g", 0))
			.matches("ipcw-" + ProcessHandle.current().pid() + "-[0-9a-f]{8}-g-0");
		assertThat(ShmFiles.newBaseName(this.directory, "g", 0))
			.isNotEqualTo(ShmFiles.newBaseName(this.directory, "g", 0));
	}

	@Test
	void shouldSanitizeGroupName() {
		assertThat(ShmFiles.sanitize("a/b c:d*é")).isEqualTo("a_b_c_d__");
		assertThat(ShmFiles.sanitize("my-group_1.x")).isEqualTo("my-group_1.x");
		assertThat(ShmFiles.sanitize("")).isEqualTo("_");
	}

	@Test
	void shouldKeepSocketPathShortWhateverTheGroup() throws IOException {
		Path deep = this.directory.resolve("a".repeat(30));
		String group = "g".repeat(200);
		String name = ShmFiles.baseName(deep, 4194304L, "0a1b2c3d", group, 1023) + ShmFiles.SOCKET_SUFFIX;
		int bytes = deep.resolve(name).toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8).length;
		assertThat(bytes).isLessThanOrEqualTo(ShmFiles.MAX_SOCKET_PATH_BYTES);
		assertThat(name).contains("-ggg").endsWith("-1023.sock");
		assertThat(ShmFiles.baseName(this.directory, 1L, "0a1b2c3d", group, 0))
			.contains("-" + "g".repeat(ShmFiles.MAX_GROUP_CHARS) + "-0");
	}

	@Test
	void shouldRejectDirectoryTooLongForSocket() {
		Path tooDeep = this.directory.resolve("d".repeat(90));
		assertThatIOException().isThrownBy(() -> ShmFiles.baseName(tooDeep, 1L, "0a1b2c3d", "g", 0))
			.withMessageContaining("too long");
	}

	@Test
	void shouldNotOverwriteExistingFile() throws IOException {
		Path existing = touch("ipcw-1-0a1b2c3d-g-0");
		Files.writeString(existing, "keep");
		assertThatIOException().isThrownBy(() -> ShmFiles.createMappedFile(existing, 4096));
		assertThat(existing).hasContent("keep");
	}

	@Test
	void shouldUseDevShmWhenWritable() {
		Path devShm = Path.of("/dev/shm");
		assumeThat(Files.isDirectory(devShm) && Files.isWritable(devShm)).isTrue();
		assertThat(ShmFiles.defaultDirectory()).isEqualTo(devShm);
	}

	/**
	 * Holds a lock on a file until killed, like a parent in another container.
	 */
	public static final class LockHolderMain {

		public static void main(String[] args) throws Exception {
			try (FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.READ,
					StandardOpenOption.WRITE)) {
				channel.lock();
				System.out.println("locked");
				System.out.flush();
				Thread.sleep(60_000);
			}
		}

	}

	private Path touch(String name) throws IOException {
		return Files.createFile(this.directory.resolve(name));
	}

}
