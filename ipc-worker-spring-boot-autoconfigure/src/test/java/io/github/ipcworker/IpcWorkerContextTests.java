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
package io.github.ipcworker;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link IpcWorkerContext}.
 */
class IpcWorkerContextTests {

	@Test
	void contextOfTheCurrentProcessCarriesItsPid() {
		IpcWorkerContext context = IpcWorkerContext.ofCurrentProcess("models", 1);
		assertThat(context.group()).isEqualTo("models");
		assertThat(context.index()).isEqualTo(1);
		assertThat(context.pid()).isEqualTo(ProcessHandle.current().pid());
	}

	@Test
	void negativeIndexOrEmptyGroupIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new IpcWorkerContext("models", -1, 1))
			.withMessageContaining("-1");
		assertThatIllegalArgumentException().isThrownBy(() -> new IpcWorkerContext("", 0, 1))
			.withMessageContaining("group");
	}

}
