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
package io.github.ipcworker.protocol;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link FrameType}.
 */
class FrameTypeTests {

	@Test
	void shouldFindEveryTypeByItsWireId() {
		for (FrameType type : FrameType.values()) {
			assertThat(FrameType.fromId(type.id())).isSameAs(type);
		}
	}

	@Test
	void shouldKeepTheDocumentedWireIds() {
		// The ids are on the wire: a parent and a worker of different builds must agree.
		assertThat(FrameType.REQUEST.id()).isEqualTo(0x01);
		assertThat(FrameType.READY.id()).isEqualTo(0x08);
		assertThat(FrameType.CREDIT.id()).isEqualTo(0x0B);
	}

	@Test
	void shouldFindNoTypeForAnUnknownId() {
		assertThat(FrameType.fromId(0)).isNull();
		assertThat(FrameType.fromId(0x0C)).isNull();
		assertThat(FrameType.fromId(15)).isNull();
		assertThat(FrameType.fromId(16)).isNull();
		assertThat(FrameType.fromId(255)).isNull();
		assertThat(FrameType.fromId(-1)).isNull();
	}

}
