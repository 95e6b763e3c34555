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
package io.github.ipcworker.child;

import java.io.Closeable;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.github.ipcworker.transport.ChildLink;
import io.github.ipcworker.transport.WorkerLink;
import io.github.ipcworker.transport.shm.ShmChildLink;
import io.github.ipcworker.transport.shm.ShmOptions;
import io.github.ipcworker.transport.shm.ShmTransport;
import io.github.ipcworker.transport.zmq.ZmqChildLink;
import io.github.ipcworker.transport.zmq.ZmqOptions;
import io.github.ipcworker.transport.zmq.ZmqTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link ChildLinks}.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ChildLinksTests {

	private static final int RING_CAPACITY = 4096;

	private static final int MAX_MESSAGE_SIZE = 1 << 20;

	@TempDir
	Path directory;

	private final Deque<AutoCloseable> closeables = new ArrayDeque<>();

	@AfterEach
	void closeAll() throws Exception {
		while (!this.closeables.isEmpty()) {
			this.closeables.pop().close();
		}
	}

	@Test
	void shouldConnectSharedMemoryWhenTheSettingsNameIt() throws Exception {
		WorkerLink link = openShm();
		ChildLink child = track(ChildLinks.connect(link.childSettings()));
		assertThat(child).isInstanceOf(ShmChildLink.class);
	}

	@Test
	void shouldConnectZeroMqWhenTheSettingsNameIt() throws Exception {
		ZmqTransport transport = track(new ZmqTransport("test", ZmqOptions.defaults()));
		WorkerLink link = track(transport.open(0));
		ChildLink child = track(ChildLinks.connect(link.childSettings()));
		assertThat(child).isInstanceOf(ZmqChildLink.class);
	}

	@Test
	void shouldRejectAnUnknownTransportByName() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ChildLinks.connect(Map.of(WorkerLink.TRANSPORT_KEY, "pigeon")))
			.withMessage("unknown transport in worker settings: transport=pigeon; expected shm or zmq");
	}

	@Test
	void shouldRejectSettingsThatNameNoTransport() {
		assertThatIllegalArgumentException().isThrownBy(() -> ChildLinks.connect(Map.of()))
			.withMessage("unknown transport in worker settings: transport=null; expected shm or zmq");
	}

	/**
	 * Shared memory must work without JeroMQ on the class path: a worker of a shm group
	 * loads no ZeroMQ class, neither JeroMQ's nor the transport's own. Checked with a
	 * class loader of its own for this project's classes, which records what the
	 * connection asks it for and hides JeroMQ.
	 */
	@Test
	void shouldConnectSharedMemoryWithoutLoadingAnyZeroMqClass() throws Exception {
		WorkerLink link = openShm();
		URL classes = ChildLinks.class.getProtectionDomain().getCodeSource().getLocation();
		try (RecordingClassLoader loader = new RecordingClassLoader(classes, getClass().getClassLoader())) {
			Object child = loader.loadClass(ChildLinks.class.getName())
				.getMethod("connect", Map.class)
				.invoke(null, link.childSettings());
			((Closeable) child).close();
			assertThat(child.getClass().getName()).isEqualTo(ShmChildLink.class.getName());
			assertThat(child.getClass().getClassLoader()).isSameAs(loader);
			assertThat(loader.requested).contains(ShmChildLink.class.getName());
			assertThat(loader.requested).as("ZeroMQ classes loaded to connect shared memory")
				.filteredOn((name) -> name.startsWith("org.zeromq.")
						|| name.startsWith(ZmqChildLink.class.getPackageName() + "."))
				.isEmpty();
		}
	}

	private WorkerLink openShm() throws Exception {
		ShmTransport transport = track(
				new ShmTransport("test", new ShmOptions(this.directory, RING_CAPACITY, MAX_MESSAGE_SIZE)));
		return track(transport.open(0));
	}

	private <T extends AutoCloseable> T track(T closeable) {
		this.closeables.push(closeable);
		return closeable;
	}

	/**
	 * Defines this project's classes itself, from its compiled classes, so that every
	 * class they reference is asked of it; takes the rest from its parent, except JeroMQ.
	 */
	private static final class RecordingClassLoader extends URLClassLoader {

		private static final String PROJECT_PACKAGE = "io.github.ipcworker.";

		final List<String> requested = new CopyOnWriteArrayList<>();

		RecordingClassLoader(URL classes, ClassLoader parent) {
			super(new URL[] { classes }, parent);
		}

		@Override
		protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
			this.requested.add(name);
			if (name.startsWith("org.zeromq.")) {
				throw new ClassNotFoundException(name + " is hidden: shared memory must work without JeroMQ");
			}
			if (!name.startsWith(PROJECT_PACKAGE)) {
				return super.loadClass(name, resolve);
			}
			synchronized (getClassLoadingLock(name)) {
				Class<?> loaded = findLoadedClass(name);
				if (loaded == null) {
					loaded = findClass(name);
				}
				if (resolve) {
					resolveClass(loaded);
				}
				return loaded;
			}
		}

	}

}
