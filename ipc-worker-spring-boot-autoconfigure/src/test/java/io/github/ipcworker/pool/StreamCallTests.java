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

import java.util.ArrayList;
import java.util.List;

import io.github.ipcworker.codec.PayloadCodec.Payload;
import io.github.ipcworker.protocol.Frame;
import io.github.ipcworker.protocol.FrameType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The credit of a stream: what the request carries, when CREDIT goes out and how much,
 * and what counts as an item beyond it.
 */
class StreamCallTests {

	private final ManualRuntime runtime = new ManualRuntime();

	/** The credit granted after the request, in order. */
	private final List<Long> grants = new ArrayList<>();

	private StreamCall stream(int window) {
		StreamCall stream = new StreamCall(7, new Payload(0, new byte[0]), String.class, 1_000_000_000L, window,
				this.runtime);
		stream.creditLine = (call, credit) -> {
			assertThat(call).isSameAs(stream);
			this.grants.add(credit);
		};
		return stream;
	}

	@Test
	void aReaderGetsItsWindowInTheRequestAndMoreOnceItConsumedHalfOfIt() {
		StreamCall stream = stream(4);
		assertThat(stream.creditForRequest()).isEqualTo(4);
		stream.requestSent();
		assertThat(this.grants).as("nothing used yet").isEmpty();
		stream.consumed();
		assertThat(this.grants).as("a quarter used").isEmpty();
		stream.consumed();
		assertThat(this.grants).containsExactly(2L);
		assertThat(stream.granted()).isEqualTo(6);
	}

	@Test
	void aWorkerWithNoCreditLeftGetsWhatIsDueEvenBelowHalfAWindow() {
		StreamCall stream = stream(4);
		stream.demandNothingYet();
		assertThat(stream.creditForRequest()).isZero();
		stream.requestSent();
		assertThat(this.grants).as("no credit of nothing").isEmpty();
		stream.demand(1);
		assertThat(this.grants).containsExactly(1L);
		stream.demand(10);
		assertThat(this.grants).as("one of the window in use: three more").containsExactly(1L, 3L);
	}

	@Test
	void demandBeforeTheRequestWentOutIsCarriedByTheRequestAndSentOnceItIs() {
		StreamCall stream = stream(4);
		stream.demandNothingYet();
		stream.creditForRequest();
		stream.demand(3);
		assertThat(this.grants).as("a CREDIT must not overtake its request").isEmpty();
		stream.requestSent();
		assertThat(this.grants).containsExactly(3L);
	}

	@Test
	void demandAddsUpAndSaturates() {
		StreamCall stream = stream(4);
		stream.demandNothingYet();
		stream.demand(0);
		assertThat(stream.creditForRequest()).as("nothing asked").isZero();
		stream.demand(2);
		stream.demand(1);
		assertThat(stream.creditForRequest()).isEqualTo(3);
		stream.demand(Long.MAX_VALUE);
		assertThat(stream.creditForRequest()).as("unbounded, not overflown").isEqualTo(4);
	}

	@Test
	void anItemBeyondTheCreditIsCaught() {
		StreamCall stream = stream(2);
		stream.creditForRequest();
		assertThat(stream.arrived()).isTrue();
		assertThat(stream.arrived()).isTrue();
		assertThat(stream.arrived()).isFalse();
		assertThat(stream.received()).isEqualTo(3);
	}

	@Test
	void anEndedStreamGrantsNothing() {
		StreamCall stream = stream(2);
		stream.creditForRequest();
		stream.requestSent();
		stream.result.complete(null);
		stream.consumed();
		stream.consumed();
		assertThat(this.grants).isEmpty();
	}

	@Test
	void aReaderGetsItsItemsAndThenTheEnd() {
		StreamCall stream = stream(2);
		Frame item = Frame.of(FrameType.STREAM_ITEM, 0, 0, 7, new byte[] { 1 });
		stream.deliver(item);
		stream.onFinished();
		assertThat(stream.items).containsExactly(item, StreamCall.END);
	}

	@Test
	void aStreamIsNeverSentTwiceAPlainCallMayBe() {
		assertThat(stream(1).retriable()).isFalse();
		assertThat(new Call(1, new Payload(0, new byte[0]), String.class, 1, this.runtime).retriable()).isTrue();
	}

}
