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
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import io.github.ipcworker.pool.GroupSettings;
import io.github.ipcworker.pool.WorkerGroup;
import io.github.ipcworker.transport.zmq.CurveKeys;
import io.github.ipcworker.transport.zmq.ZmqOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * CURVE keys of a group from files and from the environment, so that no secret key has to
 * be on a command line.
 */
class ZmqKeyFilesTests {

	private static final CurveKeys SERVER = CurveKeys.generate();

	private static final CurveKeys HOST = CurveKeys.generate();

	private static final CurveKeys OTHER_HOST = CurveKeys.generate();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(IpcWorkerAutoConfiguration.class, IpcWorkerDisabledAutoConfiguration.class))
		.withUserConfiguration(IpcWorkerAutoConfigurationTests.EchoWorkerConfiguration.class)
		.withPropertyValues("ipc.worker.auto-startup=false", "ipc.worker.groups.echo.transport=zmq",
				"ipc.worker.groups.echo.remote-workers=true", "ipc.worker.zmq.server-public-key=" + SERVER.publicKey());

	@TempDir
	Path dir;

	@Test
	void secretKeyAndAuthorizedKeysComeFromFiles() throws IOException {
		Path secret = ownerOnly(this.dir.resolve("server.key"), "# the group's key\n" + SERVER.secretKey() + "\n");
		Path authorized = Files.writeString(this.dir.resolve("authorized"),
				"# worker hosts\n\n" + OTHER_HOST.publicKey() + "\n");
		this.contextRunner
			.withPropertyValues("ipc.worker.zmq.server-secret-key-file=" + secret,
					"ipc.worker.zmq.authorized-keys=" + HOST.publicKey(),
					"ipc.worker.zmq.authorized-keys-file=" + authorized)
			.run((context) -> {
				ZmqOptions options = options(context);
				assertThat(options.serverKeys().secretKey()).isEqualTo(SERVER.secretKey());
				assertThat(options.authorizedKeys()).containsExactlyInAnyOrder(HOST.publicKey(),
						OTHER_HOST.publicKey());
			});
	}

	@Test
	void secretKeyComesFromTheEnvironmentThroughRelaxedBinding() {
		this.contextRunner.withPropertyValues("ipc.worker.zmq.authorized-keys=" + HOST.publicKey())
			.withInitializer(
					(context) -> context.getEnvironment()
						.getPropertySources()
						.addLast(new SystemEnvironmentPropertySource(
								StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
								Map.of("IPC_WORKER_ZMQ_SERVER_SECRET_KEY", SERVER.secretKey()))))
			.run((context) -> assertThat(options(context).serverKeys().secretKey()).isEqualTo(SERVER.secretKey()));
	}

	@Test
	void keyAndKeyFileBothSetFailNamingBoth() throws IOException {
		Path secret = ownerOnly(this.dir.resolve("server.key"), SERVER.secretKey());
		this.contextRunner.withPropertyValues("ipc.worker.zmq.server-secret-key=" + SERVER.secretKey(),
				"ipc.worker.zmq.server-secret-key-file=" + secret, "ipc.worker.zmq.authorized-keys=" + HOST.publicKey())
			.run((context) -> assertThat(mostSpecificCause(context))
				.hasMessageContaining("ipc.worker.zmq.server-secret-key and ipc.worker.zmq.server-secret-key-file")
				.hasMessageNotContaining(SERVER.secretKey()));
	}

	@Test
	void missingKeyFileFailsNamingPropertyAndFile() {
		Path missing = this.dir.resolve("missing.key");
		this.contextRunner
			.withPropertyValues("ipc.worker.zmq.server-secret-key-file=" + missing,
					"ipc.worker.zmq.authorized-keys=" + HOST.publicKey())
			.run((context) -> assertThat(mostSpecificCause(context))
				.hasMessageContaining("ipc.worker.zmq.server-secret-key-file=" + missing + " is not a file"));
	}

	@Test
	void keyFileOthersMayReadFails() throws IOException {
		Path secret = Files.writeString(this.dir.resolve("server.key"), SERVER.secretKey());
		assumeTrue(Files.getFileAttributeView(secret, java.nio.file.attribute.PosixFileAttributeView.class) != null,
				"not a POSIX file system: file permissions are not checked");
		Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-r--r--"));
		this.contextRunner
			.withPropertyValues("ipc.worker.zmq.server-secret-key-file=" + secret,
					"ipc.worker.zmq.authorized-keys=" + HOST.publicKey())
			.run((context) -> assertThat(mostSpecificCause(context))
				.hasMessageContaining("ipc.worker.zmq.server-secret-key-file=" + secret)
				.hasMessageContaining("rw-r--r--")
				.hasMessageContaining("chmod 600")
				.hasMessageNotContaining(SERVER.secretKey()));
	}

	@Test
	void unreadableKeyFileFails() throws IOException {
		Path secret = ownerOnly(this.dir.resolve("server.key"), SERVER.secretKey());
		Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("---------"));
		assumeTrue(!Files.isReadable(secret), "this user reads any file (root): an unreadable file cannot be made");
		this.contextRunner
			.withPropertyValues("ipc.worker.zmq.server-secret-key-file=" + secret,
					"ipc.worker.zmq.authorized-keys=" + HOST.publicKey())
			.run((context) -> {
				assertThat(context).hasFailed();
				// The most specific cause is the JDK's AccessDeniedException.
				assertThat(NestedExceptionUtils.buildMessage(null, context.getStartupFailure()))
					.contains("ipc.worker.zmq.server-secret-key-file=" + secret + " cannot be read");
			});
	}

	private static Path ownerOnly(Path file, String content) throws IOException {
		Files.writeString(file, content);
		if (Files.getFileAttributeView(file, java.nio.file.attribute.PosixFileAttributeView.class) != null) {
			Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
		}
		return file;
	}

	private static ZmqOptions options(AssertableApplicationContext context) {
		assertThat(context).hasNotFailed();
		WorkerGroup echo = context.getBean(IpcWorkerLifecycle.class)
			.groups()
			.stream()
			.filter((group) -> group.name().equals("echo"))
			.findFirst()
			.orElseThrow();
		GroupSettings settings = echo.settings();
		return ZmqTransports.options(settings, context.getBean(IpcWorkerProperties.class));
	}

	private static Throwable mostSpecificCause(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		return NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure());
	}

}
