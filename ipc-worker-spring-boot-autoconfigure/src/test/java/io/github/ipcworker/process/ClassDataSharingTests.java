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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The naming, keying and hand-over of {@link ClassDataSharing}, without worker JVMs (one
 * check starts a JVM on a file that is not an archive).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClassDataSharingTests {

	@TempDir
	Path temporary;

	@Test
	void theKeyChangesWithTheJdkAndWithEveryClassPathEntryAndNothingElse() throws Exception {
		Path jar = Files.writeString(this.temporary.resolve("lib.jar"), "jar");
		Path classes = Files.createDirectories(this.temporary.resolve("classes/p"));
		Path classFile = Files.writeString(classes.resolve("A.class"), "a");
		List<String> entries = List.of(jar.toString(), this.temporary.resolve("classes").toString());
		String key = ClassDataSharing.key("/jdk", "17.0.15+6", entries);

		assertThat(ClassDataSharing.key("/jdk", "17.0.15+6", entries)).isEqualTo(key);
		assertThat(ClassDataSharing.key("/jdk", "17.0.16+8", entries)).isNotEqualTo(key);
		assertThat(ClassDataSharing.key("/other-jdk", "17.0.15+6", entries)).isNotEqualTo(key);
		assertThat(ClassDataSharing.key("/jdk", "17.0.15+6", List.of(entries.get(1), entries.get(0))))
			.isNotEqualTo(key);
		Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() - 60_000));
		String touchedJar = ClassDataSharing.key("/jdk", "17.0.15+6", entries);
		assertThat(touchedJar).isNotEqualTo(key);
		Files.writeString(classFile, "a changed class");
		assertThat(ClassDataSharing.key("/jdk", "17.0.15+6", entries)).isNotEqualTo(touchedJar);
		assertThat(ClassDataSharing.archiveName("app", "k1")).isEqualTo("ipcw-cds-app-k1.jsa");
	}

	@Test
	void theUsersOwnClassDataOptionsWin() {
		assertThat(ClassDataSharing.userChoosesSharing(List.of("-Xmx512m", "-Xlog:cds", "-Dx=-Xshare"))).isFalse();
		assertThat(ClassDataSharing.userChoosesSharing(List.of())).isFalse();
		for (String option : List.of("-Xshare:off", "-Xshare:auto", "-XX:SharedArchiveFile=app.jsa",
				"-XX:ArchiveClassesAtExit=app.jsa", "-XX:+AutoCreateSharedArchive", "-XX:AOTCache=app.aot",
				"-XX:AOTCacheOutput=app.aot", "-XX:AOTMode=off")) {
			assertThat(ClassDataSharing.userChoosesSharing(List.of("-Xmx512m", option))).as(option).isTrue();
		}
		// As JAVA_TOOL_OPTIONS holds them: several in one value.
		assertThat(ClassDataSharing.userChoosesSharing(List.of("-Xmx1g  -Xshare:off"))).isTrue();
	}

	@Test
	void theFirstWorkerTrainsAloneFromACopyOfEachDirectoryAndLaterWorkersUseTheArchive() throws Exception {
		Path archives = this.temporary.resolve("archives");
		Path jar = Files.writeString(this.temporary.resolve("lib.jar"), "jar");
		Path classes = this.temporary.resolve("classes");
		Files.createDirectories(classes.resolve("p"));
		Files.writeString(classes.resolve("p/A.class"), "a");
		Path empty = Files.createDirectories(this.temporary.resolve("empty"));
		String classPath = String.join(File.pathSeparator, jar.toString(), classes.toString(), empty.toString());
		ClassDataSharing sharing = new ClassDataSharing(archives, "app", "/jdk", "17");

		ClassDataSharing.Launch training = sharing.prepare(classPath, List.of());
		ClassDataSharing.Launch meanwhile = sharing.prepare(classPath, List.of());

		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(archives))).isEqualTo("rwx------");
		assertThat(training.training()).isNotNull();
		assertThat(training.training().getParent()).isEqualTo(archives);
		assertThat(training.jvmArgs()).containsExactly("-XX:ArchiveClassesAtExit=" + training.training(),
				"-Xlog:cds*=off");
		assertThat(meanwhile.training()).isNull();
		assertThat(meanwhile.jvmArgs()).isEmpty();
		String[] entries = training.classPath().split(File.pathSeparator);
		assertThat(entries).hasSize(3);
		assertThat(entries[0]).isEqualTo(jar.toString());
		assertThat(entries[2]).as("an empty directory is no obstacle to a dump").isEqualTo(empty.toString());
		assertThat(Path.of(entries[1]).getParent()).isEqualTo(archives);
		try (JarFile copy = new JarFile(entries[1])) {
			assertThat(Collections.list(copy.entries()).stream().map((entry) -> entry.getName())).containsExactly("p/",
					"p/A.class");
		}

		// A training worker that did not exit cleanly (killed, or its dump failed)
		// leaves nothing, and the next worker trains instead.
		Files.writeString(training.training(), "half written");
		sharing.finished(training, 137, List.of());
		assertThat(training.training()).doesNotExist();
		assertThat(archivesIn(archives)).isEmpty();
		ClassDataSharing.Launch second = sharing.prepare(classPath, List.of("-Xlog:cds=debug"));
		assertThat(second.training()).isNotNull();
		assertThat(second.jvmArgs()).as("the user's cds logging stands")
			.containsExactly("-XX:ArchiveClassesAtExit=" + second.training());

		// An archive in place is used by every worker.
		sharing.finished(second, 1, List.of());
		Path archive = archives.resolve(ClassDataSharing.archiveName(appName(training), keyOf(training)));
		Files.writeString(archive, "an archive");
		ClassDataSharing.Launch later = sharing.prepare(classPath, List.of());
		assertThat(later.training()).isNull();
		assertThat(later.jvmArgs()).containsExactly("-XX:SharedArchiveFile=" + archive);
		assertThat(later.classPath()).isEqualTo(training.classPath());
	}

	@Test
	void aFileThatIsNoArchiveIsNeverMovedIntoPlaceEvenAfterACleanExit() throws Exception {
		Path archives = this.temporary.resolve("archives");
		Path jar = Files.writeString(this.temporary.resolve("lib.jar"), "jar");
		ClassDataSharing sharing = new ClassDataSharing(archives, "app");
		ClassDataSharing.Launch training = sharing.prepare(jar.toString(), List.of());
		assertThat(training.training()).isNotNull();
		// What a worker killed in the middle of its dump leaves: JDK 17 crashes on it
		// rather than fall back, so a JVM must start with it before it is used.
		Files.write(training.training(), new byte[4096]);

		sharing.finished(training, 0, List.of("-Xmx64m"));

		assertThat(archivesIn(archives)).isEmpty();
		try (Stream<Path> left = Files.list(archives)) {
			assertThat(left.map((file) -> file.getFileName().toString())).noneMatch((name) -> name.contains(".tmp-"));
		}
	}

	@Test
	void aNewArchiveReplacesTheOldOneInOneRename() throws Exception {
		Path target = Files.writeString(this.temporary.resolve("ipcw-cds-app-k.jsa"), "old");
		Path source = Files.writeString(this.temporary.resolve("ipcw-cds-app-k.jsa.tmp-1"), "new");

		ClassDataSharing.moveIntoPlace(source, target);

		assertThat(source).doesNotExist();
		assertThat(Files.readString(target, StandardCharsets.UTF_8)).isEqualTo("new");
	}

	@Test
	void filesOfTheSameApplicationUnderAnotherKeyAreRemovedOthersStay() throws Exception {
		Path archives = Files.createDirectory(this.temporary.resolve("archives"),
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
		Path jar = Files.writeString(this.temporary.resolve("lib.jar"), "jar");
		ClassDataSharing sharing = new ClassDataSharing(archives, "app", "/jdk", "17");
		ClassDataSharing.Launch first = sharing.prepare(jar.toString(), List.of());
		String app = appName(first);
		Path old = Files.writeString(archives.resolve(ClassDataSharing.archiveName(app, "0ld")), "old");
		Path oldCopy = Files.writeString(archives.resolve("ipcw-cds-" + app + "-0ld-0.jar"), "old");
		Path another = Files.writeString(archives.resolve(ClassDataSharing.archiveName("0ther4pp", "k")), "theirs");
		Path writing = Files.writeString(archives.resolve("ipcw-cds-0ther4pp-k.jsa.tmp-x"), "being written");

		new ClassDataSharing(archives, "app", "/jdk", "17").prepare(jar.toString(), List.of());

		assertThat(old).doesNotExist();
		assertThat(oldCopy).doesNotExist();
		assertThat(another).exists();
		assertThat(writing).as("a recent temporary file may be being written").exists();
	}

	@Test
	void aFolderOthersMayWriteToIsRefused() throws Exception {
		Path archives = Files.createDirectory(this.temporary.resolve("archives"),
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxrwxrwx")));
		Files.setPosixFilePermissions(archives, PosixFilePermissions.fromString("rwxrwxrwx"));
		Path jar = Files.writeString(this.temporary.resolve("lib.jar"), "jar");

		ClassDataSharing.Launch launch = new ClassDataSharing(archives, "app").prepare(jar.toString(), List.of());

		assertThat(launch.jvmArgs()).isEmpty();
		assertThat(launch.classPath()).isEqualTo(jar.toString());
	}

	/** The application part of the name of a training worker's file. */
	private static String appName(ClassDataSharing.Launch training) {
		return training.training().getFileName().toString().split("-")[2];
	}

	private static String keyOf(ClassDataSharing.Launch training) {
		String name = training.training().getFileName().toString();
		return name.substring(0, name.indexOf(ClassDataSharing.ARCHIVE_SUFFIX)).split("-")[3];
	}

	private static List<Path> archivesIn(Path archives) throws Exception {
		try (Stream<Path> files = Files.list(archives)) {
			return files.filter((file) -> file.getFileName().toString().endsWith(ClassDataSharing.ARCHIVE_SUFFIX))
				.toList();
		}
	}

}
