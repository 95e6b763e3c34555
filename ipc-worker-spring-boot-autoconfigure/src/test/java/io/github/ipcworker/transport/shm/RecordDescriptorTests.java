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
package io.github.ipcworker.transport.shm;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link RecordDescriptor} and {@link RingDescriptor}.
 */
class RecordDescriptorTests {

	@Test
	void shouldAlignLengthsUpToEightBytes() {
		assertThat(RecordDescriptor.align(0)).isZero();
		assertThat(RecordDescriptor.align(1)).isEqualTo(8);
		assertThat(RecordDescriptor.align(8)).isEqualTo(8);
		assertThat(RecordDescriptor.align(9)).isEqualTo(16);
		assertThat(RecordDescriptor.align(15)).isEqualTo(16);
	}

	@Test
	void shouldCountTheHeaderInARecordsLength() {
		assertThat(RecordDescriptor.recordLength(0)).isEqualTo(8);
		assertThat(RecordDescriptor.recordLength(1)).isEqualTo(16);
		assertThat(RecordDescriptor.recordLength(8)).isEqualTo(16);
		assertThat(RecordDescriptor.recordLength(9)).isEqualTo(24);
	}

	@Test
	void shouldAcceptTheFlagsOfAFragmentOnly() {
		RecordDescriptor.checkFragmentFlags(0);
		RecordDescriptor.checkFragmentFlags(RecordDescriptor.FLAG_BEGIN);
		RecordDescriptor.checkFragmentFlags(RecordDescriptor.FLAG_END);
		RecordDescriptor.checkFragmentFlags(RecordDescriptor.FLAGS_UNFRAGMENTED);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> RecordDescriptor.checkFragmentFlags(RecordDescriptor.FLAG_PADDING))
			.withMessage("bad record flags: flags=0x4");
		assertThatIllegalArgumentException().isThrownBy(() -> RecordDescriptor.checkFragmentFlags(0x80000003))
			.withMessage("bad record flags: flags=0x80000003");
	}

	@Test
	void shouldPutTheDataAfterTheControlBlock() {
		assertThat(RingDescriptor.ringLength(4096)).isEqualTo(RingDescriptor.CONTROL_LENGTH + 4096);
		assertThat(RingDescriptor.CONTROL_LENGTH).isEqualTo(384);
	}

}
