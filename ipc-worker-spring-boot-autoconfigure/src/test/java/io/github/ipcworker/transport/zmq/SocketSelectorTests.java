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
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SocketSelector}.
 */
class SocketSelectorTests {

	@Test
	void shouldPauseLongerAfterEachFruitlessWakeUpInARowAndNotAfterProgress() throws Exception {
		try (ZContext context = new ZContext(1)) {
			ZMQ.Socket socket = context.createSocket(SocketType.DEALER);
			try (SocketSelector selector = new SocketSelector(socket)) {
				assertThat(selector.pauseNs()).isZero();
				selector.turnDone(true, false);
				assertThat(selector.pauseNs()).isEqualTo(SocketSelector.MIN_PAUSE_NS);
				selector.turnDone(true, false);
				assertThat(selector.pauseNs()).isEqualTo(2 * SocketSelector.MIN_PAUSE_NS);
				for (int i = 0; i < 40; i++) {
					selector.turnDone(true, false);
				}
				assertThat(selector.pauseNs()).isEqualTo(SocketSelector.MAX_PAUSE_NS);
				selector.turnDone(true, true);
				assertThat(selector.pauseNs()).isZero();
				// A timeout or a wake-up with nothing to do is no spin.
				selector.turnDone(true, false);
				selector.turnDone(false, false);
				assertThat(selector.pauseNs()).isZero();
			}
		}
	}

	@Test
	void shouldReturnWhetherTheSocketWasReadableOrOnlyWokenUp() throws Exception {
		try (ZContext context = new ZContext(1)) {
			ZMQ.Socket pull = context.createSocket(SocketType.PULL);
			pull.bind("inproc://selector");
			ZMQ.Socket push = context.createSocket(SocketType.PUSH);
			push.connect("inproc://selector");
			try (SocketSelector selector = new SocketSelector(pull)) {
				// Drains what connecting signalled.
				for (int i = 0; i < 100 && selector.await(0); i++) {
					pull.getEvents();
				}
				selector.wakeUp();
				assertThat(selector.await(10_000)).isFalse();
				push.send("x");
				assertThat(selector.await(10_000)).isTrue();
				assertThat(pull.getEvents() & ZMQ.Poller.POLLIN).isNotZero();
				assertThat(pull.recvStr()).isEqualTo("x");
			}
		}
	}

}
