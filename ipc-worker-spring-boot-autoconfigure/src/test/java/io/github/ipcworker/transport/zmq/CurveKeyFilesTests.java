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
package io.github.ipcworker.transport.zmq;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Tests for {@link CurveKeyFiles} and for keeping secret keys out of what may be logged.
 */
class CurveKeyFilesTests {

	private static final String KEY = "ipc.worker.zmq.worker-secret-key";

	private static final String FILE = "ipc.worker.zmq.worker-secret-key-file";

	private final CurveKeys keys = CurveKeys.generate();

	@TempDir
	Path dir;

	@Test
	void keyGivenAsValueOrInAFile() throws IOException {
		assertThat(CurveKeyFiles.secretKey(null, KEY, null, FILE)).isNull();
		assertThat(CurveKeyFiles.secretKey(this.keys.secretKey(), KEY, null, FILE)).isEqualTo(this.keys.secretKey());
		Path file = ownerOnly("  " + this.keys.secretKey() + "  \r\n\n");
		assertThat(CurveKeyFiles.secretKey(null, KEY, file, FILE)).isEqualTo(this.keys.secretKey());
		assertThat(CurveKeyFiles.secretKey(" ", KEY, file, FILE)).as("a blank value counts as unset")
			.isEqualTo(this.keys.secretKey());
	}

	@Test
	void keyAndFileBothSetIsAnErrorNamingBoth() throws IOException {
		Path file = ownerOnly(this.keys.secretKey());
		assertThatIllegalArgumentException()
			.isThrownBy(() -> CurveKeyFiles.secretKey(this.keys.secretKey(), KEY, file, FILE))
			.withMessage("both " + KEY + " and " + FILE + " are set: set only one of them");
	}

	@Test
	void missingFileIsAnError() {
		Path missing = this.dir.resolve("nope");
		assertThatIllegalArgumentException().isThrownBy(() -> CurveKeyFiles.secretKey(null, KEY, missing, FILE))
			.withMessage(FILE + "=" + missing + " is not a file");
	}

	@Test
	void fileOthersMayReadOrWriteIsAnError() throws IOException {
		Path file = ownerOnly(this.keys.secretKey());
		assumeTrue(Files.getFileAttributeView(file, PosixFileAttributeView.class) != null,
				"not a POSIX file system: file permissions are not checked");
		for (String permissions : List.of("rw-r-----", "rw----r--", "rw--w----", "rw-rw-rw-")) {
			Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
			assertThatIllegalArgumentException().isThrownBy(() -> CurveKeyFiles.secretKey(null, KEY, file, FILE))
				.withMessageContaining(FILE + "=" + file)
				.withMessageContaining(permissions)
				.withMessageContaining("chmod 600")
				.withMessageNotContaining(this.keys.secretKey());
		}
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
		assertThat(CurveKeyFiles.secretKey(null, KEY, file, FILE)).isEqualTo(this.keys.secretKey());
	}

	@Test
	void fileOfNoneOrTwoKeysIsAnErrorThatShowsNeither() throws IOException {
		Path empty = ownerOnly("# nothing\n\n");
		assertThatIllegalArgumentException().isThrownBy(() -> CurveKeyFiles.secretKey(null, KEY, empty, FILE))
			.withMessage(FILE + "=" + empty + " must hold exactly one key, and holds 0");
		Path two = ownerOnly(this.keys.secretKey() + "\n" + this.keys.secretKey() + "x\n");
		assertThatIllegalArgumentException().isThrownBy(() -> CurveKeyFiles.secretKey(null, KEY, two, FILE))
			.withMessageNotContaining(this.keys.secretKey());
	}

	@Test
	void authorizedKeysFromValuesAndFileWithComments() throws IOException {
		String other = CurveKeys.generate().publicKey();
		Path file = Files.writeString(this.dir.resolve("authorized"), "# hosts\n" + other + "\n\n  # more\n");
		assertThat(CurveKeyFiles.authorizedKeys(List.of(this.keys.publicKey()), file, "f"))
			.containsExactly(this.keys.publicKey(), other);
		assertThat(CurveKeyFiles.authorizedKeys(List.of(this.keys.publicKey()), null, "f"))
			.containsExactly(this.keys.publicKey());
	}

	@Test
	void noToStringOrMessageShowsASecretKey() {
		assertThat(this.keys.toString()).contains(this.keys.publicKey(), "secretKey=****")
			.doesNotContain(this.keys.secretKey());
		ZmqOptions options = ZmqOptions.defaults().withCurve(this.keys, Set.of(CurveKeys.generate().publicKey()));
		assertThat(options.toString()).contains("****").doesNotContain(this.keys.secretKey());
		String badSecret = this.keys.secretKey().substring(1) + "~";
		assertThatIllegalArgumentException().isThrownBy(() -> CurveKeys.decode(badSecret, "secret key"))
			.withMessage("the secret key is not a CURVE key: character **** at index 39 is not Z85");
		String otherSecret = CurveKeys.generate().secretKey();
		assertThatIllegalArgumentException().isThrownBy(() -> ZmqOptions.serverKeys(this.keys.publicKey(), otherSecret))
			.withMessageNotContaining(otherSecret);
		ZmqChildLink.RemoteSettings settings = ZmqChildLink.remoteSettings("tcp://127.0.0.1:5555", "g")
			.heartbeat(Duration.ofSeconds(1), Duration.ofSeconds(5))
			.curve(this.keys.publicKey(), this.keys);
		assertThat(settings.toString()).doesNotContain(this.keys.secretKey());
	}

	private Path ownerOnly(String content) throws IOException {
		Path file = Files.writeString(Files.createTempFile(this.dir, "key", ".z85"), content);
		if (Files.getFileAttributeView(file, PosixFileAttributeView.class) != null) {
			Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
		}
		return file;
	}

}
