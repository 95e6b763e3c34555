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
package io.github.ipcworker.architecture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the core free of Spring and Micrometer: the protocol, codecs, transports, process
 * handling, worker runtime and pool are plain Java, so they can be reasoned about, tested
 * and reused without a context. The meters use Micrometer, and only that.
 */
class LayeringTests {

	private static final Path MAIN = Path.of("src/main/java/io/github/ipcworker");

	@ParameterizedTest
	@ValueSource(strings = { "protocol", "codec", "context", "transport", "process", "child", "pool" })
	void corePackagesImportNeitherSpringNorMicrometer(String pkg) throws IOException {
		assertThat(importsOf(pkg, "org.springframework.", "io.micrometer.")).isEmpty();
	}

	@Test
	void metricsPackageImportsNoSpring() throws IOException {
		assertThat(importsOf("metrics", "org.springframework.")).isEmpty();
	}

	private static List<String> importsOf(String pkg, String... prefixes) throws IOException {
		Path dir = MAIN.resolve(pkg);
		assertThat(dir).isDirectory();
		List<String> offending;
		try (Stream<Path> files = Files.walk(dir)) {
			offending = files.filter((file) -> file.toString().endsWith(".java")).flatMap((file) -> {
				try {
					return Files.readAllLines(file)
						.stream()
						.filter((line) -> Arrays.stream(prefixes)
							.anyMatch((prefix) -> line.startsWith("import " + prefix)))
						.map((line) -> MAIN.relativize(file) + ": " + line);
				}
				catch (IOException ex) {
					throw new java.io.UncheckedIOException(ex);
				}
			}).toList();
		}
		return offending;
	}

}
