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

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.github.ipcworker.autoconfigure.child.IpcWorkerMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link LaunchSpec} and {@link ChildCommand}.
 */
class LaunchTests {

	@Test
	void launchSpecRoundTripsAndLeavesTheRestOfTheStream() throws IOException {
		LaunchSpec spec = new LaunchSpec("thumbnails", 3, 4242, "thumbnailWorker", "com.example.App", 1 << 20,
				Map.of("transport", "shm", "file", "/dev/shm/ipcw-1-x"),
				Map.of("spring.profiles.active", "prod,eu", "odd key=with:chars", "line\nbreak \u00e9"));
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		spec.writeTo(out);
		out.write(new byte[] { 1, 2, 3 });
		ByteArrayInputStream in = new ByteArrayInputStream(out.toByteArray());
		assertThat(LaunchSpec.readFrom(in)).isEqualTo(spec);
		assertThat(in.readAllBytes()).containsExactly(1, 2, 3);
	}

	@Test
	void launchSpecCarriesArgumentsAndSystemPropertiesInOrder() throws IOException {
		LaunchSpec spec = new LaunchSpec("g", 0, 1, "b", "p", 100, Map.of(), Map.of(),
				List.of("--some.secret=s3cr3t", "", "two words", "--some.secret=again", "x=y\nz"),
				Map.of("javax.net.ssl.keyStorePassword", "changeit", "empty", ""));
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		spec.writeTo(out);
		LaunchSpec read = LaunchSpec.readFrom(new ByteArrayInputStream(out.toByteArray()));
		assertThat(read).isEqualTo(spec);
		assertThat(read.arguments()).containsExactly("--some.secret=s3cr3t", "", "two words", "--some.secret=again",
				"x=y\nz");
	}

	@Test
	void launchSpecPrintsNoValues() {
		LaunchSpec spec = new LaunchSpec("g", 0, 1, "b", "p", 100, Map.of("zmq.secret-key", "link-s3cr3t"),
				Map.of("db.password", "prop-s3cr3t"), List.of("--some.secret=arg-s3cr3t"),
				Map.of("javax.net.ssl.keyStorePassword", "sys-s3cr3t"));
		assertThat(spec.toString()).doesNotContain("s3cr3t")
			.contains("zmq.secret-key=****", "db.password=****", "javax.net.ssl.keyStorePassword=****", "group=g");
	}

	@Test
	void onlyWhatTheJvmReadsAtStartUpStaysOnTheCommandLine() {
		assertThat(ChildCommand.isReadAtStartup("file.encoding")).isTrue();
		assertThat(ChildCommand.isReadAtStartup("java.library.path")).isTrue();
		assertThat(ChildCommand.isReadAtStartup("jdk.virtualThreadScheduler.parallelism")).isTrue();
		assertThat(ChildCommand.isReadAtStartup("user.timezone")).isTrue();
		assertThat(ChildCommand.isReadAtStartup("some.secret")).isFalse();
		assertThat(ChildCommand.isReadAtStartup("javax.net.ssl.keyStorePassword")).isFalse();
		assertThat(ChildCommand.isReadAtStartup("spring.profiles.active")).isFalse();
		assertThat(ChildCommand.name("-Da.b=c=d")).isEqualTo("a.b");
		assertThat(ChildCommand.name("-Dflag")).isEqualTo("flag");
	}

	@Test
	void launchSpecCutShortIsAnError() throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		new LaunchSpec("g", 0, 1, "b", "p", 100, Map.of(), Map.of()).writeTo(out);
		byte[] cut = java.util.Arrays.copyOf(out.toByteArray(), out.size() - 4);
		assertThatExceptionOfType(EOFException.class)
			.isThrownBy(() -> LaunchSpec.readFrom(new ByteArrayInputStream(cut)));
	}

	@Test
	void workerMainClassNameMatchesTheClass() {
		assertThat(ChildCommand.WORKER_MAIN_CLASS).isEqualTo(IpcWorkerMain.class.getName());
	}

	@Test
	void plainClassPathGoesThroughAnArgumentFile(@TempDir Path dir) throws IOException {
		ChildCommand command = ChildCommand.forCurrentJvm(getClass().getClassLoader(), List.of("-Xmx64m"));
		assertThat(command.isFatJar()).isFalse();
		Path argFile = dir.resolve("cp.args");
		command.writeArgFile(argFile);
		List<String> line = command.toCommand(argFile);
		assertThat(line.get(0)).endsWith("/bin/java");
		assertThat(line).containsSubsequence("-Xmx64m", "@" + argFile, ChildCommand.WORKER_MAIN_CLASS);
		assertThat(line.get(line.size() - 1)).as("nothing after the main class")
			.isEqualTo(ChildCommand.WORKER_MAIN_CLASS);
		String content = Files.readString(argFile);
		assertThat(content).startsWith("-cp \"").contains(Path.of("target/test-classes").toAbsolutePath().toString());
	}

	@Test
	void argumentFileIsReplacedWholeAndLeavesNothingElseBehind(@TempDir Path dir) throws IOException {
		ChildCommand command = ChildCommand.forCurrentJvm(getClass().getClassLoader(), List.of());
		Path argFile = dir.resolve("cp.args");
		Files.writeString(argFile, "-cp \"torn");
		command.writeArgFile(argFile);
		assertThat(Files.readString(argFile)).isEqualTo("-cp \"" + command.classPath().replace("\\", "\\\\") + "\"\n");
		try (var files = Files.list(dir)) {
			assertThat(files).containsExactly(argFile);
		}
	}

	@Test
	void argumentFileQuotesBackslashesAndQuotes(@TempDir Path dir) throws Exception {
		// The java launcher reads the file back: prove it with a JVM that prints its
		// class path.
		Path odd = Files.createDirectories(dir.resolve("we\"ird dir\\x"));
		Path argFile = dir.resolve("cp.args");
		Files.writeString(argFile, "-cp \"" + odd.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"\n");
		Process process = new ProcessBuilder(ChildCommand.javaExecutable().toString(), "@" + argFile,
				"-XshowSettings:properties", "-version")
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes());
		assertThat(process.waitFor()).isZero();
		assertThat(output).contains("java.class.path = " + odd);
	}

}
