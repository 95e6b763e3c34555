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
import java.util.function.BiConsumer;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.Transformer;

/**
 * Random sequences of calls, streams, demand, cancels, answers, errors, worker deaths,
 * broken links, launch failures, full links, passing time, resets and stops against a
 * real group over in-memory workers. After every step the group's invariants hold and
 * nothing is sent twice or beyond its credit; at the end every call has ended exactly
 * once. Steps of the group's own threads (reaping, sending, delivering) are actions too,
 * so they interleave with the rest.
 */
class PoolPropertyTests {

	private static ch.qos.logback.classic.Level poolLogLevel;

	/**
	 * Thousands of worker deaths and give-ups would flood the log: the checks say it all.
	 */
	@net.jqwik.api.lifecycle.BeforeContainer
	static void quietPool() {
		ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
			.getLogger("io.github.ipcworker");
		poolLogLevel = logger.getLevel();
		logger.setLevel(ch.qos.logback.classic.Level.OFF);
	}

	@net.jqwik.api.lifecycle.AfterContainer
	static void restorePoolLog() {
		((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.github.ipcworker"))
			.setLevel(poolLogLevel);
	}

	// 10,000 sequences in a build (jqwik.tries.default in junit-platform.properties).
	@Property
	void everyAcceptedCallEndsExactlyOnce(@ForAll("sequences") ActionChain<PoolModel> chain) {
		PoolModel end = chain.withInvariant("the pool's invariants", PoolModel::checkInvariants).run();
		end.finish();
	}

	@Provide
	Arbitrary<ActionChain<PoolModel>> sequences() {
		Arbitrary<Integer> sizes = Arbitraries.integers().between(1, 2);
		Arbitrary<Integer> prefetches = Arbitraries.integers().between(1, 2);
		Arbitrary<Boolean> retries = Arbitraries.of(true, false);
		return Combinators.combine(sizes, prefetches, retries)
			.flatAs((size, prefetch, retry) -> ActionChain.startWith(() -> new PoolModel(size, prefetch, retry))
				.withAction(4, Action.just(Transformer.mutate("submit", PoolModel::submit)))
				.withAction(2, indexed("subscribe", 3, (model, demand) -> model.subscribe(demand)))
				.withAction(2, indexed("demand", 4, (model, stream) -> model.demand(stream, 1 + stream % 2)))
				.withAction(1, indexed("cancel", 8, PoolModel::cancel))
				.withAction(4, indexed("answer", 2, PoolModel::answer))
				.withAction(1, indexed("fail", 2, PoolModel::fail))
				.withAction(3, indexed("item", 2, PoolModel::item))
				.withAction(1, indexed("die", 2, PoolModel::die))
				.withAction(1, indexed("break link", 2, PoolModel::breakLink))
				.withAction(4, Action.just(Transformer.mutate("step a thread", PoolModel::step)))
				.withAction(2, Action.just(Transformer.mutate("settle", PoolModel::settle)))
				.withAction(2,
						indexed("advance seconds", 70,
								(model, seconds) -> model.advance(Duration.ofSeconds(seconds).toNanos())))
				.withAction(1, indexed("launches fail", 2, (model, fail) -> model.launchesFail(fail == 1)))
				.withAction(1, indexed("links full", 2, (model, full) -> model.linksFull(full == 1)))
				.withAction(1, Action.just(Transformer.mutate("reset", PoolModel::reset)))
				.withAction(1, Action.just(Transformer.mutate("stop", PoolModel::stop)))
				.withMaxTransformations(40));
	}

	private static Action.Independent<PoolModel> indexed(String name, int bound, BiConsumer<PoolModel, Integer> step) {
		return new Action.Independent<>() {

			@Override
			public Arbitrary<Transformer<PoolModel>> transformer() {
				return Arbitraries.integers()
					.between(0, bound - 1)
					.map((value) -> Transformer.mutate(name + " " + value, (model) -> step.accept(model, value)));
			}

		};
	}

}
