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
package io.github.ipcworker.transport;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link ChildLinks}.
 */
class ChildLinksTests {

	@Test
	void shouldNameAnUnknownTransport() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ChildLinks.connect(Map.of(ChildLinks.TRANSPORT_KEY, "carrier-pigeon")))
			.withMessage("unknown transport in worker settings: transport=carrier-pigeon");
		assertThatIllegalArgumentException().isThrownBy(() -> ChildLinks.connect(Map.of()))
			.withMessage("unknown transport in worker settings: transport=null");
	}

}
