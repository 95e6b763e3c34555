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
package io.github.ipcworker.pool;

import java.time.Duration;
import java.util.List;

import io.github.ipcworker.IpcGroup;
import io.github.ipcworker.autoconfigure.endpoint.IpcWorkersEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The {@code ipcworkers} endpoint's write operation over a real group that gave up; it
 * lives here for the in-memory workers.
 */
@Timeout(30)
class IpcWorkersEndpointResetTests {

	private final PoolWorld world = new PoolWorld(1, 8, 1, 4, false, 1).started();

	private final IpcWorkersEndpoint endpoint = new IpcWorkersEndpoint(List.of(this.world.group));

	@AfterEach
	void terminate() {
		this.world.group.terminate();
	}

	private void giveUp() {
		this.world.workers.launchFails = true;
		this.world.link(0).die();
		for (int i = 0; i < 5; i++) {
			this.world.runtime.advance(Duration.ofSeconds(11).toNanos());
		}
		assertThat(this.world.group.status()).isEqualTo(IpcGroup.Status.DOWN);
	}

	@Test
	void resetStartsAGroupThatGaveUpAtOnce() {
		giveUp();
		this.world.workers.launchFails = false;
		IpcWorkersEndpoint.ActionDescriptor done = this.endpoint.act("pool", "reset");
		this.world.runtime.runReady();
		assertThat(done).isNotNull();
		assertThat(done.wasDown()).isTrue();
		assertThat(this.world.group.status()).isEqualTo(IpcGroup.Status.UP);
		assertThat(this.world.workers.live()).hasSize(1);
	}

	@Test
	void resetOfAHealthyGroupSaysItWasNotDown() {
		IpcWorkersEndpoint.ActionDescriptor done = this.endpoint.act("pool", "reset");
		assertThat(done).isNotNull();
		assertThat(done.wasDown()).isFalse();
		assertThat(done.group().status()).isEqualTo(IpcGroup.Status.UP);
	}

	@Test
	void restartReplacesTheWorkersOfTheGroup() {
		long before = this.world.group.workers().get(0).pid();
		IpcWorkersEndpoint.ActionDescriptor done = this.endpoint.act("pool", "restart");
		this.world.runtime.runReady();
		assertThat(done).isNotNull();
		assertThat(done.action()).isEqualTo("restart");
		assertThat(done.group().status()).isEqualTo(IpcGroup.Status.UP);
		assertThat(this.world.group.workers()).singleElement().satisfies((worker) -> {
			assertThat(worker.pid()).isNotEqualTo(before);
			assertThat(worker.restarts()).isEqualTo(1);
		});
	}

	@Test
	void restartOfAStoppedGroupIsABadRequest() {
		this.world.group.stop();
		assertThatExceptionOfType(InvalidEndpointRequestException.class)
			.isThrownBy(() -> this.endpoint.act("pool", "restart"))
			.withMessageContaining("is not running");
	}

	@Test
	void anUnknownActionIsABadRequest() {
		assertThatExceptionOfType(InvalidEndpointRequestException.class)
			.isThrownBy(() -> this.endpoint.act("pool", "explode"))
			.withMessageContaining("Unknown action 'explode'");
	}

	@Test
	void anUnknownGroupIsNotFound() {
		assertThat(this.endpoint.act("nope", "reset")).isNull();
	}

}
