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
package io.github.ipcworker.autoconfigure.child;

import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.github.ipcworker.IpcWorkerContext;
import io.github.ipcworker.child.HandlerAdapter;
import io.github.ipcworker.child.WorkerRuntime;
import io.github.ipcworker.codec.JacksonPayloadCodec;
import io.github.ipcworker.codec.PayloadCodec;
import io.github.ipcworker.context.ContextPropagator;
import io.github.ipcworker.process.LaunchSpec;
import io.github.ipcworker.protocol.Frame;
import io.github.ipcworker.transport.ChildLink;
import io.github.ipcworker.transport.LinkClosedException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the exit code {@link IpcWorkerMain} takes from the end of the serving loop,
 * and for the worker context it registers.
 */
@Timeout(10)
class IpcWorkerMainTests {

	@Test
	void whenTheParentIsGoneThenTheWorkerExitsNormally() {
		assertThat(IpcWorkerMain.serve(runtimeReceiving(new LinkClosedException("parent gone")))).isZero();
	}

	@Test
	void whenServingFailsWithAnErrorThenTheWorkerExitsWithAFailureCode() {
		assertThat(IpcWorkerMain.serve(runtimeReceiving(new InternalError("test: broken"))))
			.isEqualTo(IpcWorkerMain.EXIT_SERVING_FAILED)
			.isNotZero();
	}

	@Test
	void whenServingRunsOutOfMemoryThenTheWorkerExitsAsTheJvmWouldOnItsOwn() {
		assertThat(IpcWorkerMain.serve(runtimeReceiving(new OutOfMemoryError("test: no room"))))
			.isEqualTo(IpcWorkerMain.EXIT_OUT_OF_MEMORY)
			.isNotZero();
	}

	@Test
	void workerBeansTakeTheWorkerContextInTheirConstructor() {
		LaunchSpec spec = new LaunchSpec("models", 1, 4242, "modelWorker", "com.example.App", 1 << 20, Map.of(),
				Map.of());
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
			IpcWorkerMain.registerWorkerContext(context, spec);
			context.registerBean("modelWorker", ContextHolder.class);
			context.refresh();
			assertThat(context.getBean(ContextHolder.class).worker)
				.isEqualTo(new IpcWorkerContext("models", 1, ProcessHandle.current().pid()))
				.isSameAs(context.getBean(IpcWorkerMain.WORKER_CONTEXT_BEAN_NAME));
		}
	}

	@Test
	void workersTurnDevToolsRestartOffWhateverTheParentPassedOn() {
		// Passed on from the parent, as its own settings are.
		LaunchSpec spec = new LaunchSpec("models", 1, 4242, "modelWorker", "com.example.App", 1 << 20, Map.of(),
				Map.of("spring.devtools.restart.enabled", "true", "spring.devtools.livereload.enabled", "true",
						"app.setting", "kept"));
		assertThat(IpcWorkerMain.workerProperties(spec)).containsEntry("spring.devtools.restart.enabled", "false")
			.containsEntry("spring.devtools.livereload.enabled", "false")
			.containsEntry("app.setting", "kept")
			.containsEntry(IpcWorkerMain.GROUP_PROPERTY, "models")
			.containsEntry(IpcWorkerMain.INDEX_PROPERTY, "1");
	}

	@Test
	void theWorkerUsesTheFormatThatTheParentChoseForItsGroup() {
		LaunchSpec spec = new LaunchSpec("models", 1, 4242, "modelWorker", "com.example.App", 1 << 20, Map.of(),
				Map.of(IpcWorkerMain.CODEC_PROPERTY, "smile"));
		assertThat(IpcWorkerMain.workerProperties(spec)).containsEntry(IpcWorkerMain.CODEC_PROPERTY, "smile");
		JacksonPayloadCodec json = new JacksonPayloadCodec(JsonMapper.shared());
		assertThat(IpcWorkerMain.inGroupFormat(json, "smile")).isInstanceOfSatisfying(JacksonPayloadCodec.class,
				(codec) -> assertThat(codec.format()).isEqualTo("smile"));
		assertThat(IpcWorkerMain.inGroupFormat(json, "json")).isSameAs(json);
		assertThat(IpcWorkerMain.inGroupFormat(json, null)).isSameAs(json);
	}

	/** A worker bean that keeps the context it was given. */
	static class ContextHolder {

		final IpcWorkerContext worker;

		ContextHolder(IpcWorkerContext worker) {
			this.worker = worker;
		}

	}

	/** A runtime whose link throws at the first receive. */
	private static WorkerRuntime runtimeReceiving(Throwable failure) {
		ChildLink link = new ChildLink() {

			@Override
			public Frame receive(long timeoutNs) {
				throw sneaky(failure);
			}

			@Override
			public @Nullable Frame poll() {
				return null;
			}

			@Override
			public void send(Frame frame) {
			}

			@Override
			public void onBadFrame(BadFrameListener listener) {
			}

			@Override
			public void close() {
			}

		};
		HandlerAdapter handler = new HandlerAdapter() {

			@Override
			public Type inputType() {
				return String.class;
			}

			@Override
			public boolean streaming() {
				return false;
			}

			@Override
			public Object handle(@Nullable Object request) {
				return request;
			}

			@Override
			public Stream<?> handleStream(@Nullable Object request) {
				return Stream.empty();
			}

		};
		PayloadCodec codec = new PayloadCodec() {

			@Override
			public Payload encode(@Nullable Object value) {
				return new Payload(0, new byte[0]);
			}

			@Override
			public @Nullable Object decode(Payload payload, Type type) {
				return null;
			}

		};
		return new WorkerRuntime(link, 0, codec, handler, 1 << 20, "test", ContextPropagator.NONE);
	}

	private static RuntimeException sneaky(Throwable failure) {
		if (failure instanceof RuntimeException runtime) {
			return runtime;
		}
		if (failure instanceof Error error) {
			throw error;
		}
		throw new IllegalArgumentException(failure);
	}

	@Test
	void anOrphanKnowsItsJvmWouldWriteAClassDataArchiveAtExit() {
		assertThat(IpcWorkerMain.writesClassDataArchiveAtExit(
				List.of("-Xmx128m", "-XX:ArchiveClassesAtExit=/cache/ipcw-cds-app-key.jsa.tmp-1")))
			.isTrue();
		assertThat(IpcWorkerMain
			.writesClassDataArchiveAtExit(List.of("-Xmx128m", "-XX:SharedArchiveFile=/cache/ipcw-cds-app-key.jsa")))
			.isFalse();
	}

}
