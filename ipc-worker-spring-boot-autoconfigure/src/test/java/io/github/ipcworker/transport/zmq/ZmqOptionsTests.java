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

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link ZmqOptions}, {@link ZmqEndpoint} and {@link CurveKeys}: what the
 * transport accepts to bind and with which keys. Nothing here binds a socket.
 */
class ZmqOptionsTests {

	private static final CurveKeys SERVER_KEYS = CurveKeys.generate();

	@Test
	void shouldDefaultToARandomLoopbackPortWithoutCurve() {
		ZmqOptions options = ZmqOptions.defaults();
		assertThat(options.bindEndpoint()).isEqualTo("tcp://127.0.0.1:*");
		assertThat(options.heartbeatInterval()).isEqualTo(Duration.ofSeconds(1));
		assertThat(options.heartbeatTimeout()).isEqualTo(Duration.ofSeconds(5));
		assertThat(options.maxMessageSize()).isEqualTo(64 << 20);
		assertThat(options.sendHighWaterMark()).isEqualTo(1000);
		assertThat(options.curve()).isFalse();
		assertThat(options.authorizedKeys()).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "tcp://127.0.0.1:*", "tcp://127.0.0.1:5555", "tcp://127.1.2.3:*", "tcp://localhost:*",
			"tcp://LOCALHOST:7000", "tcp://[::1]:*", "tcp://[0:0:0:0:0:0:0:1]:6000" })
	void shouldBindToLoopbackWithoutKeys(String endpoint) {
		assertThat(ZmqOptions.defaults().withBindEndpoint(endpoint).bindEndpoint()).isEqualTo(endpoint);
	}

	@ParameterizedTest
	@ValueSource(strings = { "tcp://0.0.0.0:*", "tcp://*:5555", "tcp://10.213.0.1:*", "tcp://[::]:*",
			"tcp://example.org:5555", "tcp://eth0:5555", "tcp://127.0.0.1.example.org:1" })
	void shouldRefuseToBindBeyondLoopbackWithoutKeys(String endpoint) {
		assertThatIllegalArgumentException().isThrownBy(() -> ZmqOptions.defaults().withBindEndpoint(endpoint))
			.withMessageContaining("ipc.worker.zmq.bind=" + endpoint)
			.withMessageContaining("can be reached from other machines")
			.withMessageContaining("ipc.worker.zmq.server-public-key")
			.withMessageContaining("ipc.worker.zmq.server-secret-key")
			.withMessageContaining("ipc.worker.zmq.authorized-keys");
	}

	@Test
	void shouldRefuseTransportBoundToEveryInterfaceWithoutKeysBeforeBinding() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ZmqTransport("g",
					new ZmqOptions("tcp://0.0.0.0:*", Duration.ofSeconds(1), Duration.ofSeconds(5), 1 << 20, null,
							Set.of(), 1000)))
			.withMessageContaining("set ipc.worker.zmq.server-public-key and ipc.worker.zmq.server-secret-key");
	}

	@Test
	void shouldBindBeyondLoopbackWithKeys() {
		ZmqOptions options = ZmqOptions.defaults().withCurve(SERVER_KEYS, Set.of()).withBindEndpoint("tcp://0.0.0.0:*");
		assertThat(options.curve()).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "ipc://workers", "inproc://workers", "tcp://127.0.0.1", "tcp://127.0.0.1:0",
			"tcp://127.0.0.1:70000", "tcp://::1:5555", "tcp://:5555", "127.0.0.1:5555" })
	void shouldRefuseWhatIsNotATcpEndpoint(String endpoint) {
		assertThatIllegalArgumentException().isThrownBy(() -> ZmqOptions.defaults().withBindEndpoint(endpoint))
			.withMessageStartingWith("ipc.worker.zmq.bind=" + endpoint);
	}

	@Test
	void shouldExplainWhyNotIpc() {
		assertThatIllegalArgumentException().isThrownBy(() -> ZmqOptions.defaults().withBindEndpoint("ipc://x"))
			.withMessageContaining("another local process can take first");
	}

	@Test
	void shouldConnectLocalWorkersThroughLoopbackWhenBoundToEveryInterface() {
		assertThat(ZmqEndpoint.parse("tcp://0.0.0.0:5555", "p").localConnectEndpoint())
			.isEqualTo("tcp://127.0.0.1:5555");
		assertThat(ZmqEndpoint.parse("tcp://[::]:5555", "p").localConnectEndpoint()).isEqualTo("tcp://[::1]:5555");
		assertThat(ZmqEndpoint.parse("tcp://10.213.0.1:5555", "p").localConnectEndpoint())
			.isEqualTo("tcp://10.213.0.1:5555");
		assertThat(ZmqEndpoint.parse("tcp://[::1]:5555", "p").isIpv6()).isTrue();
	}

	@Test
	void shouldRequireAuthorizedKeysToBeCurveKeysAndCurveToCheckThem() {
		String hostKey = CurveKeys.generate().publicKey();
		ZmqOptions options = ZmqOptions.defaults().withCurve(SERVER_KEYS, Set.of(" " + hostKey + " "));
		assertThat(options.authorizedKeys()).containsExactly(hostKey);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ZmqOptions.defaults().withCurve(SERVER_KEYS, Set.of("not-a-key")))
			.withMessageContaining("ipc.worker.zmq.authorized-keys entry not-a-key is not a CURVE key");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ZmqOptions("tcp://127.0.0.1:*", Duration.ofSeconds(1), Duration.ofSeconds(5), 1 << 20,
					null, Set.of(hostKey), 1000))
			.withMessageContaining("ipc.worker.zmq.authorized-keys is set, but without CURVE");
	}

	@Test
	void shouldSpaceHeartbeatsOfAnIdleLinkSoThatTwoStillFallWithinTheTimeout() {
		assertThat(idleInterval(Duration.ofSeconds(1), Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(2));
		assertThat(idleInterval(Duration.ofMillis(100), Duration.ofMillis(600))).isEqualTo(Duration.ofMillis(240));
		assertThat(idleInterval(Duration.ofSeconds(1), Duration.ofSeconds(60))).isEqualTo(Duration.ofSeconds(4));
		assertThat(idleInterval(Duration.ofSeconds(1), Duration.ofMillis(1500))).isEqualTo(Duration.ofSeconds(1));
	}

	private static Duration idleInterval(Duration interval, Duration timeout) {
		return Duration.ofNanos(ZmqOptions.idleHeartbeatIntervalNs(interval.toNanos(), timeout.toNanos()));
	}

	@Test
	void shouldRequireTimeoutLongerThanInterval() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ZmqOptions.defaults().withHeartbeat(Duration.ofSeconds(2), Duration.ofSeconds(2)))
			.withMessageContaining("ipc.worker.zmq.heartbeat-timeout (PT2S) must be longer than"
					+ " ipc.worker.zmq.heartbeat-interval (PT2S)");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ZmqOptions.defaults().withHeartbeat(Duration.ZERO, Duration.ofSeconds(2)));
		assertThatIllegalArgumentException().isThrownBy(() -> ZmqOptions.defaults().withSendHighWaterMark(0));
		assertThatIllegalArgumentException().isThrownBy(() -> ZmqOptions.defaults().withMaxMessageSize(39));
	}

	@Test
	void shouldMakeServerKeysFromBothPropertiesOrNeither() {
		assertThat(ZmqOptions.serverKeys(null, " ")).isNull();
		CurveKeys keys = ZmqOptions.serverKeys(SERVER_KEYS.publicKey(), SERVER_KEYS.secretKey());
		assertThat(keys).isNotNull();
		assertThat(keys.publicKey()).isEqualTo(SERVER_KEYS.publicKey());
		assertThatIllegalArgumentException().isThrownBy(() -> ZmqOptions.serverKeys(SERVER_KEYS.publicKey(), null))
			.withMessageContaining("only ipc.worker.zmq.server-public-key is set");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ZmqOptions.serverKeys(CurveKeys.generate().publicKey(), SERVER_KEYS.secretKey()))
			.withMessageContaining("are not a CURVE key pair")
			.withMessageContaining("does not belong to the secret key");
	}

	@Test
	void shouldCheckThatKeysAreZ85AndMakeAPair() {
		CurveKeys keys = CurveKeys.generate();
		assertThat(keys.publicKey()).hasSize(40);
		assertThat(new CurveKeys(keys.publicKey(), keys.secretKey()).publicKey()).isEqualTo(keys.publicKey());
		assertThat(keys.toString()).contains(keys.publicKey()).doesNotContain(keys.secretKey());
		assertThatIllegalArgumentException().isThrownBy(() -> CurveKeys.decode("short", "public key"))
			.withMessage("the public key is not a CURVE key: expected 40 Z85 characters, found 5");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> CurveKeys.decode(keys.publicKey().substring(1) + "~", "public key"))
			.withMessageContaining("character '~' at index 39 is not Z85");
	}

	@Test
	void shouldPrintFreshKeyPairsInPropertyFormat() throws Exception {
		Properties server = runKeyGenerator();
		Properties worker = runKeyGenerator("worker");
		CurveKeys serverKeys = new CurveKeys(server.getProperty("ipc.worker.zmq.server-public-key"),
				server.getProperty("ipc.worker.zmq.server-secret-key"));
		CurveKeys workerKeys = new CurveKeys(worker.getProperty("ipc.worker.zmq.worker-public-key"),
				worker.getProperty("ipc.worker.zmq.worker-secret-key"));
		assertThat(serverKeys.publicKey()).isNotEqualTo(workerKeys.publicKey());
	}

	private static Properties runKeyGenerator(String... args) throws Exception {
		PrintStream out = System.out;
		ByteArrayOutputStream printed = new ByteArrayOutputStream();
		System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
		try {
			CurveKeys.main(args);
		}
		finally {
			System.setOut(out);
		}
		// Read back as a properties file is: Z85's ':', '=' and '#' must survive.
		Properties properties = new Properties();
		properties.load(new StringReader(printed.toString(StandardCharsets.UTF_8)));
		assertThat(properties).hasSize(2);
		return properties;
	}

}
