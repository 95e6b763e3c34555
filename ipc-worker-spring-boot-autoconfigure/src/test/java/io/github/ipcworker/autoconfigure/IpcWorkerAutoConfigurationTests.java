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

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.github.ipcworker.IpcClient;
import io.github.ipcworker.IpcGroup;
import io.github.ipcworker.IpcHandler;
import io.github.ipcworker.IpcStreamHandler;
import io.github.ipcworker.IpcWorker;
import io.github.ipcworker.autoconfigure.child.IpcWorkerMain;
import io.github.ipcworker.codec.JacksonPayloadCodec;
import io.github.ipcworker.codec.PayloadCodec;
import io.github.ipcworker.pool.GroupSettings;
import io.github.ipcworker.pool.WorkerGroup;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link IpcWorkerAutoConfiguration}. No worker process is started here:
 * {@code ipc.worker.auto-startup=false} keeps the groups stopped.
 */
class IpcWorkerAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(IpcWorkerAutoConfiguration.class, IpcWorkerDisabledAutoConfiguration.class))
		.withPropertyValues("ipc.worker.auto-startup=false");

	@Test
	void disabledCreatesNoWorkerBeanAndNoClient() {
		this.contextRunner.withUserConfiguration(EchoWorkerConfiguration.class)
			.withPropertyValues("ipc.worker.enabled=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(EchoWorker.class);
				assertThat(context).doesNotHaveBean(IpcClient.class);
			});
	}

	@Test
	void whenThereAreNoWorkerBeansThenClientHasNoGroups() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(IpcClient.class).hasSingleBean(IpcWorkerLifecycle.class);
			assertThat(context.getBean(IpcClient.class).groups()).isEmpty();
		});
	}

	@Test
	void whenDisabledThenNoClientAndNoGroups() {
		this.contextRunner.withPropertyValues("ipc.worker.enabled=false")
			.withUserConfiguration(EchoWorkerConfiguration.class)
			.run((context) -> {
				assertThat(context).doesNotHaveBean(IpcClient.class)
					.doesNotHaveBean(IpcWorkerLifecycle.class)
					.doesNotHaveBean(PayloadCodec.class);
			});
	}

	@Test
	void workerBeansAreNeverCreatedInTheApplication() {
		EchoWorker.instances = 0;
		this.contextRunner.withUserConfiguration(EchoWorkerConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(EchoWorker.class).doesNotHaveBean("echoWorker");
			assertThat(EchoWorker.instances).isZero();
			IpcGroup group = context.getBean(IpcClient.class).group("echo");
			assertThat(group.name()).isEqualTo("echo");
			assertThat(group.transport()).isEqualTo("shm");
			assertThat(group.isRunning()).isFalse();
		});
	}

	@Test
	void groupNameDefaultsToTheBeanName() {
		this.contextRunner.withUserConfiguration(UnnamedWorkerConfiguration.class).run((context) -> {
			assertThat(groups(context)).containsOnlyKeys("unnamedWorker");
			assertThat(groups(context).get("unnamedWorker").size()).isEqualTo(3);
		});
	}

	@Test
	void userDefinedClientBacksOff() {
		IpcClient mine = new io.github.ipcworker.client.DefaultIpcClient(
				new io.github.ipcworker.pool.GroupDirectory(java.util.List.of()), Duration.ofMinutes(1));
		this.contextRunner.withBean(IpcClient.class, () -> mine)
			.run((context) -> assertThat(context.getBean(IpcClient.class)).isSameAs(mine));
	}

	@Test
	void codecUsesTheApplicationsJsonMapper() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class))
			.withPropertyValues("spring.jackson.property-naming-strategy=SNAKE_CASE")
			.run((context) -> {
				PayloadCodec codec = context.getBean(PayloadCodec.class);
				assertThat(codec).isInstanceOf(JacksonPayloadCodec.class);
				String json = new String(codec.encode(new Sample("x", 1)).bytes());
				assertThat(json).contains("first_name");
			});
	}

	@Test
	void codecPropertyChoosesTheWireFormatAndAGroupMayChooseItsOwn() {
		this.contextRunner.withUserConfiguration(EchoWorkerConfiguration.class)
			.withPropertyValues("ipc.worker.codec=smile")
			.run((context) -> {
				assertThat(context.getBean(PayloadCodec.class)).isInstanceOfSatisfying(JacksonPayloadCodec.class,
						(codec) -> assertThat(codec.format()).isEqualTo("smile"));
				IpcWorkerProperties properties = context.getBean(IpcWorkerProperties.class);
				assertThat(properties.codecOf("echo")).isEqualTo(IpcWorkerProperties.Codec.SMILE);
			});
		this.contextRunner.withUserConfiguration(EchoWorkerConfiguration.class)
			.withPropertyValues("ipc.worker.groups.echo.codec=smile")
			.run((context) -> {
				PayloadCodec codec = context.getBean(PayloadCodec.class);
				IpcWorkerProperties properties = context.getBean(IpcWorkerProperties.class);
				assertThat(((JacksonPayloadCodec) codec).format()).isEqualTo("json");
				assertThat(GroupCodecs.forGroup(codec, properties, "echo")).isInstanceOfSatisfying(
						JacksonPayloadCodec.class, (c) -> assertThat(c.format()).isEqualTo("smile"));
				assertThat(GroupCodecs.forGroup(codec, properties, "other")).isSameAs(codec);
			});
	}

	@Test
	void unknownCodecFailsAtStartUpNamingTheProperty() {
		this.contextRunner.withUserConfiguration(EchoWorkerConfiguration.class)
			.withPropertyValues("ipc.worker.codec=xml")
			.run((context) -> {
				assertThat(bindFailure(context)).hasMessageContaining("'ipc.worker.codec'");
				assertThat(mostSpecificCause(context)).hasMessageContaining("xml");
			});
		this.contextRunner.withUserConfiguration(EchoWorkerConfiguration.class)
			.withPropertyValues("ipc.worker.groups.echo.codec=protobuf")
			.run((context) -> {
				assertThat(bindFailure(context)).hasMessageContaining("'ipc.worker.groups.echo.codec'");
			});
	}

	@Test
	void aCodecOfTheApplicationsOwnKeepsItsFormat() {
		PayloadCodec mine = new PayloadCodec() {

			@Override
			public Payload encode(Object value) {
				throw new UnsupportedOperationException();
			}

			@Override
			public Object decode(Payload payload, java.lang.reflect.Type type) {
				throw new UnsupportedOperationException();
			}

		};
		IpcWorkerProperties properties = new IpcWorkerProperties();
		properties.setCodec(IpcWorkerProperties.Codec.SMILE);
		assertThat(GroupCodecs.forGroup(mine, properties, "echo")).isSameAs(mine);
	}

	@Test
	void userDefinedCodecBacksOff() {
		PayloadCodec mine = new JacksonPayloadCodec(JsonMapper.shared());
		this.contextRunner.withBean(PayloadCodec.class, () -> mine)
			.run((context) -> assertThat(context.getBean(PayloadCodec.class)).isSameAs(mine));
	}

	@Test
	void inAWorkerProcessOnlyTheCodecIsDefined() {
		this.contextRunner.withUserConfiguration(EchoWorkerConfiguration.class)
			.withPropertyValues(IpcWorkerMain.GROUP_PROPERTY + "=echo")
			.run((context) -> {
				assertThat(context).hasSingleBean(PayloadCodec.class)
					.doesNotHaveBean(IpcClient.class)
					.doesNotHaveBean(IpcWorkerLifecycle.class);
				// The worker keeps its bean: the worker process creates it on demand.
				assertThat(context).hasBean("echoWorker");
			});
	}

	@Nested
	class PropertiesTests {

		@Test
		void defaultsApplyToEveryGroup() {
			IpcWorkerAutoConfigurationTests.this.contextRunner.withUserConfiguration(EchoWorkerConfiguration.class)
				.run((context) -> {
					GroupSettings settings = groups(context).get("echo").settings();
					assertThat(settings.transport()).isEqualTo("shm");
					// No size set anywhere: elastic, one worker up to one per processor.
					assertThat(settings.workers()).isEqualTo(Runtime.getRuntime().availableProcessors());
					assertThat(settings.scaling().minWorkers()).isEqualTo(1);
					assertThat(settings.queueSize()).isEqualTo(IpcWorkerProperties.DEFAULT_QUEUE_SIZE);
					assertThat(settings.prefetch()).isEqualTo(IpcWorkerProperties.DEFAULT_PREFETCH);
					assertThat(settings.shmSize()).isEqualTo((int) DataSize.ofMegabytes(1).toBytes());
					assertThat(settings.maxMessageSize()).isEqualTo((int) DataSize.ofMegabytes(64).toBytes());
					assertThat(settings.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
					assertThat(settings.startupTimeout()).isEqualTo(Duration.ofSeconds(60));
					assertThat(settings.shutdownTimeout()).isEqualTo(Duration.ofSeconds(10));
					assertThat(settings.enqueueTimeout()).isEqualTo(Duration.ofMillis(100));
					assertThat(settings.jvmArgs()).isEmpty();
					assertThat(settings.beanName()).isEqualTo("echoWorker");
				});
		}

		@Test
		void globalPropertiesBind() {
			IpcWorkerAutoConfigurationTests.this.contextRunner.withUserConfiguration(EchoWorkerConfiguration.class)
				.withPropertyValues("ipc.worker.workers=3", "ipc.worker.queue-size=7", "ipc.worker.prefetch=2",
						"ipc.worker.shm-size=4MB", "ipc.worker.max-message-size=8MB", "ipc.worker.request-timeout=5s",
						"ipc.worker.startup-timeout=20s", "ipc.worker.shutdown-timeout=1s",
						"ipc.worker.enqueue-timeout=50ms", "ipc.worker.jvm-args=-Xmx64m,-Dfoo=bar")
				.run((context) -> {
					GroupSettings settings = groups(context).get("echo").settings();
					assertThat(settings.workers()).isEqualTo(3);
					assertThat(settings.queueSize()).isEqualTo(7);
					assertThat(settings.prefetch()).isEqualTo(2);
					assertThat(settings.shmSize()).isEqualTo(4 * 1024 * 1024);
					assertThat(settings.maxMessageSize()).isEqualTo(8 * 1024 * 1024);
					assertThat(settings.requestTimeout()).isEqualTo(Duration.ofSeconds(5));
					assertThat(settings.startupTimeout()).isEqualTo(Duration.ofSeconds(20));
					assertThat(settings.shutdownTimeout()).isEqualTo(Duration.ofSeconds(1));
					assertThat(settings.enqueueTimeout()).isEqualTo(Duration.ofMillis(50));
					assertThat(settings.jvmArgs()).containsExactly("-Xmx64m", "-Dfoo=bar");
				});
		}

		@Test
		void groupPropertiesOverrideGlobalOnesAndTheAnnotation() {
			IpcWorkerAutoConfigurationTests.this.contextRunner
				.withUserConfiguration(EchoWorkerConfiguration.class, UnnamedWorkerConfiguration.class)
				.withPropertyValues("ipc.worker.workers=4", "ipc.worker.request-timeout=5s",
						"ipc.worker.groups.echo.workers=2", "ipc.worker.groups.echo.request-timeout=2s",
						"ipc.worker.groups.echo.jvm-args=-Xmx32m", "ipc.worker.groups.unnamedWorker.workers=1")
				.run((context) -> {
					GroupSettings echo = groups(context).get("echo").settings();
					assertThat(echo.workers()).isEqualTo(2);
					assertThat(echo.requestTimeout()).isEqualTo(Duration.ofSeconds(2));
					assertThat(echo.jvmArgs()).containsExactly("-Xmx32m");
					GroupSettings unnamed = groups(context).get("unnamedWorker").settings();
					// The group key beats @IpcWorker(workers = 3).
					assertThat(unnamed.workers()).isEqualTo(1);
					assertThat(unnamed.requestTimeout()).isEqualTo(Duration.ofSeconds(5));
				});
		}

		@Test
		void minAndMaxWorkersMakeAGroupElastic() {
			IpcWorkerAutoConfigurationTests.this.contextRunner
				.withUserConfiguration(EchoWorkerConfiguration.class, UnnamedWorkerConfiguration.class)
				.withPropertyValues("ipc.worker.workers=4", "ipc.worker.groups.echo.min-workers=2",
						"ipc.worker.groups.echo.max-workers=6", "ipc.worker.groups.echo.scale-up-after=250ms",
						"ipc.worker.groups.echo.scale-down-after=30s", "ipc.worker.groups.unnamedWorker.max-workers=5")
				.run((context) -> {
					GroupSettings echo = groups(context).get("echo").settings();
					assertThat(echo.elastic()).isTrue();
					assertThat(echo.workers()).isEqualTo(6);
					assertThat(echo.scaling())
						.isEqualTo(new GroupSettings.Scaling(2, Duration.ofMillis(250), Duration.ofSeconds(30)));
					GroupSettings unnamed = groups(context).get("unnamedWorker").settings();
					// Only max-workers: it starts with one.
					assertThat(unnamed.workers()).isEqualTo(5);
					assertThat(unnamed.scaling().minWorkers()).isEqualTo(1);
					assertThat(unnamed.scaling().scaleUpAfter()).isEqualTo(Duration.ofMillis(100));
				});
		}

		@Test
		void aSizeSetAnywhereMakesTheGroupFixed() {
			IpcWorkerAutoConfigurationTests.this.contextRunner
				.withUserConfiguration(EchoWorkerConfiguration.class, UnnamedWorkerConfiguration.class)
				.withPropertyValues("ipc.worker.workers=2")
				.run((context) -> {
					assertThat(groups(context).get("echo").settings().elastic()).isFalse();
					assertThat(groups(context).get("echo").settings().scaling().minWorkers()).isEqualTo(2);
				});
			IpcWorkerAutoConfigurationTests.this.contextRunner.withUserConfiguration(UnnamedWorkerConfiguration.class)
				.run((context) -> {
					// @IpcWorker(workers = 3)
					assertThat(groups(context).get("unnamedWorker").settings().elastic()).isFalse();
					assertThat(groups(context).get("unnamedWorker").size()).isEqualTo(3);
				});
		}

		@Test
		void withoutMinOrMaxWorkersTheGroupHasAFixedSize() {
			IpcWorkerAutoConfigurationTests.this.contextRunner.withUserConfiguration(EchoWorkerConfiguration.class)
				.withPropertyValues("ipc.worker.groups.echo.workers=3")
				.run((context) -> {
					GroupSettings echo = groups(context).get("echo").settings();
					assertThat(echo.elastic()).isFalse();
					assertThat(echo.scaling().minWorkers()).isEqualTo(3);
				});
		}

		@Test
		void annotationWorkerCountBeatsTheGlobalDefault() {
			IpcWorkerAutoConfigurationTests.this.contextRunner.withUserConfiguration(UnnamedWorkerConfiguration.class)
				.withPropertyValues("ipc.worker.workers=4")
				.run((context) -> assertThat(groups(context).get("unnamedWorker").size()).isEqualTo(3));
		}

	}

	@Nested
	class BadConfigurationTests {

		@Test
		void zeroWorkersFailsWithTheKeyAndTheValue() {
			IpcWorkerAutoConfigurationTests.this.contextRunner.withUserConfiguration(EchoWorkerConfiguration.class)
				.withPropertyValues("ipc.worker.groups.echo.workers=0")
				.run((context) -> assertThat(mostSpecificCause(context)).hasMessageContaining(
						"ipc.worker.workers of group 'echo' must be at least 1 (0 only for a group that takes remote workers), was 0"));
		}

		@Test
		void minWorkersAboveMaxWorkersFails() {
			IpcWorkerAutoConfigurationTests.this.contextRunner.withUserConfiguration(EchoWorkerConfiguration.class)
				.withPropertyValues("ipc.worker.groups.echo.min-workers=4", "ipc.worker.groups.echo.max-workers=2")
				.run((context) -> assertThat(mostSpecificCause(context))
					.hasMessageContaining("min-workers of group 'echo' must be at most max-workers (2), was 4"));
		}

		@Test
		void twoWorkersNamingOneGroupFail() {
			IpcWorkerAutoConfigurationTests.this.contextRunner.withUserConfiguration(ClashingWorkersConfiguration.class)
				.run((context) -> assertThat(mostSpecificCause(context))
					.hasMessageContaining("both name group 'same'"));
		}

		@Test
		void workerThatIsNoHandlerFails() {
			IpcWorkerAutoConfigurationTests.this.contextRunner.withUserConfiguration(NotAHandlerConfiguration.class)
				.run((context) -> assertThat(mostSpecificCause(context))
					.hasMessageContaining("must implement exactly one of io.github.ipcworker.IpcHandler"));
		}

		@Test
		void zmqWithoutJeroMqFailsNamingTheDependency() {
			IpcWorkerAutoConfigurationTests.this.contextRunner.withUserConfiguration(EchoWorkerConfiguration.class)
				.withClassLoader(new FilteredClassLoader("org.zeromq"))
				.withPropertyValues("ipc.worker.groups.echo.transport=zmq")
				.run((context) -> assertThat(mostSpecificCause(context))
					.hasMessageContaining("ipc.worker.transport=zmq of group 'echo' needs JeroMQ"));
		}

		@Test
		void zmqBindingBeyondLoopbackWithoutKeysFails() {
			IpcWorkerAutoConfigurationTests.this.contextRunner.withUserConfiguration(EchoWorkerConfiguration.class)
				.withPropertyValues("ipc.worker.transport=zmq", "ipc.worker.groups.echo.zmq.bind=tcp://0.0.0.0:5555")
				.run((context) -> assertThat(mostSpecificCause(context))
					.hasMessageContaining("ipc.worker.zmq.bind=tcp://0.0.0.0:5555")
					.hasMessageContaining("ipc.worker.zmq.server-secret-key"));
		}

		@Test
		void remoteWorkersOverSharedMemoryFail() {
			IpcWorkerAutoConfigurationTests.this.contextRunner.withUserConfiguration(EchoWorkerConfiguration.class)
				.withPropertyValues("ipc.worker.groups.echo.remote-workers=true")
				.run((context) -> assertThat(mostSpecificCause(context))
					.hasMessageContaining("ipc.worker.groups.echo.remote-workers needs the zmq transport"));
		}

		@Test
		void unknownTransportFails() {
			IpcWorkerAutoConfigurationTests.this.contextRunner.withUserConfiguration(EchoWorkerConfiguration.class)
				.withPropertyValues("ipc.worker.groups.echo.transport=carrier-pigeon")
				.run((context) -> assertThat(context).hasFailed());
		}

	}

	@Nested
	class ZeroMqTests {

		@Test
		void groupOfRemoteWorkersLaunchesNoneByDefault() {
			io.github.ipcworker.transport.zmq.CurveKeys server = io.github.ipcworker.transport.zmq.CurveKeys.generate();
			io.github.ipcworker.transport.zmq.CurveKeys host = io.github.ipcworker.transport.zmq.CurveKeys.generate();
			IpcWorkerAutoConfigurationTests.this.contextRunner.withUserConfiguration(EchoWorkerConfiguration.class)
				.withPropertyValues("ipc.worker.groups.echo.transport=zmq",
						"ipc.worker.groups.echo.remote-workers=true",
						"ipc.worker.zmq.server-public-key=" + server.publicKey(),
						"ipc.worker.zmq.server-secret-key=" + server.secretKey(),
						"ipc.worker.zmq.authorized-keys=" + host.publicKey())
				.run((context) -> {
					GroupSettings settings = groups(context).get("echo").settings();
					assertThat(settings.transport()).isEqualTo("zmq");
					assertThat(settings.remoteWorkers()).isTrue();
					assertThat(settings.workers()).isZero();
				});
		}

		@Test
		void remoteWorkersOnLoopbackWithoutCurveFail() {
			IpcWorkerAutoConfigurationTests.this.contextRunner.withUserConfiguration(EchoWorkerConfiguration.class)
				.withPropertyValues("ipc.worker.groups.echo.transport=zmq",
						"ipc.worker.groups.echo.remote-workers=true",
						"ipc.worker.groups.echo.zmq.bind=tcp://127.0.0.1:*")
				.run((context) -> assertThat(mostSpecificCause(context))
					.hasMessageContaining("ipc.worker.groups.echo.remote-workers=true")
					.hasMessageContaining("CURVE, on loopback too")
					.hasMessageContaining("ipc.worker.zmq.server-secret-key"));
		}

		@Test
		void remoteWorkersWithCurveButNoAuthorizedKeysFail() {
			io.github.ipcworker.transport.zmq.CurveKeys server = io.github.ipcworker.transport.zmq.CurveKeys.generate();
			IpcWorkerAutoConfigurationTests.this.contextRunner.withUserConfiguration(EchoWorkerConfiguration.class)
				.withPropertyValues("ipc.worker.groups.echo.transport=zmq",
						"ipc.worker.groups.echo.remote-workers=true",
						"ipc.worker.zmq.server-public-key=" + server.publicKey(),
						"ipc.worker.zmq.server-secret-key=" + server.secretKey())
				.run((context) -> assertThat(mostSpecificCause(context))
					.hasMessageContaining("ipc.worker.zmq.authorized-keys"));
		}

		@Test
		void zmqDefaultsMatchTheTransports() {
			IpcWorkerProperties.Zmq zmq = new IpcWorkerProperties().getZmq();
			assertThat(zmq.getBind()).isEqualTo(io.github.ipcworker.transport.zmq.ZmqOptions.DEFAULT_BIND_ENDPOINT);
			assertThat(zmq.getHeartbeatInterval())
				.isEqualTo(io.github.ipcworker.transport.zmq.ZmqOptions.DEFAULT_HEARTBEAT_INTERVAL);
			assertThat(zmq.getHeartbeatTimeout())
				.isEqualTo(io.github.ipcworker.transport.zmq.ZmqOptions.DEFAULT_HEARTBEAT_TIMEOUT);
			assertThat(zmq.getSendHighWaterMark())
				.isEqualTo(io.github.ipcworker.transport.zmq.ZmqOptions.DEFAULT_SEND_HIGH_WATER_MARK);
		}

	}

	private static Throwable mostSpecificCause(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		return NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure());
	}

	/**
	 * Returns the binding failure in a start-up failure: what Boot's failure analysis
	 * shows the user, with the property's name and, for an enum, its valid values.
	 */
	private static Throwable bindFailure(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		for (Throwable cause = context.getStartupFailure(); cause != null; cause = cause.getCause()) {
			if (cause instanceof org.springframework.boot.context.properties.bind.BindException) {
				return cause;
			}
		}
		throw new AssertionError("no BindException in " + context.getStartupFailure());
	}

	private static Map<String, WorkerGroup> groups(AssertableApplicationContext context) {
		return context.getBean(IpcWorkerLifecycle.class)
			.groups()
			.stream()
			.collect(Collectors.toMap(WorkerGroup::name, Function.identity()));
	}

	record Sample(String firstName, int count) {
	}

	@IpcWorker(group = "echo")
	static class EchoWorker implements IpcHandler<String, String> {

		static int instances;

		EchoWorker() {
			instances++;
		}

		@Override
		public String handle(String request) {
			return request;
		}

	}

	@IpcWorker(workers = 3)
	static class UnnamedWorker implements IpcStreamHandler<String, String> {

		@Override
		public java.util.stream.Stream<String> handle(String request) {
			return java.util.stream.Stream.of(request);
		}

	}

	@IpcWorker(group = "same")
	static class SameA implements IpcHandler<String, String> {

		@Override
		public String handle(String request) {
			return request;
		}

	}

	@IpcWorker(group = "same")
	static class SameB implements IpcHandler<String, String> {

		@Override
		public String handle(String request) {
			return request;
		}

	}

	@IpcWorker
	static class NotAHandler {

	}

	@Configuration(proxyBeanMethods = false)
	static class EchoWorkerConfiguration {

		@Bean
		EchoWorker echoWorker() {
			return new EchoWorker();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UnnamedWorkerConfiguration {

		@Bean
		UnnamedWorker unnamedWorker() {
			return new UnnamedWorker();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ClashingWorkersConfiguration {

		@Bean
		SameA sameA() {
			return new SameA();
		}

		@Bean
		SameB sameB() {
			return new SameB();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class NotAHandlerConfiguration {

		@Bean
		NotAHandler notAHandler() {
			return new NotAHandler();
		}

	}

}
