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

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link ZmqEndpoint} at the edges of what it accepts.
 */
class ZmqEndpointTests {

	@Test
	void shouldAcceptTheFirstAndLastPort() {
		assertThat(ZmqEndpoint.parse("tcp://127.0.0.1:1", "p").port()).isEqualTo("1");
		assertThat(ZmqEndpoint.parse("tcp://127.0.0.1:65535", "p").port()).isEqualTo("65535");
		assertThatIllegalArgumentException().isThrownBy(() -> ZmqEndpoint.parse("tcp://127.0.0.1:65536", "p"))
			.withMessage("p=tcp://127.0.0.1:65536 is not a tcp://host:port endpoint");
	}

	@Test
	void shouldSayAPortIsMissingWhenNothingPrecedesTheColon() {
		assertThatIllegalArgumentException().isThrownBy(() -> ZmqEndpoint.parse("tcp://:5555", "p"))
			.withMessageStartingWith("p=tcp://:5555 has no port");
	}

	@Test
	void shouldWriteItselfBackWithBracketsForIpv6() {
		assertThat(ZmqEndpoint.parse("tcp://[::1]:7", "p")).hasToString("tcp://[::1]:7");
		assertThat(ZmqEndpoint.parse("tcp://host.example:7", "p")).hasToString("tcp://host.example:7");
		assertThat(ZmqEndpoint.parse("tcp://host.example:7", "p").isLoopback()).isFalse();
		assertThat(ZmqEndpoint.parse("tcp://*:7", "p").localConnectEndpoint()).isEqualTo("tcp://127.0.0.1:7");
	}

}
