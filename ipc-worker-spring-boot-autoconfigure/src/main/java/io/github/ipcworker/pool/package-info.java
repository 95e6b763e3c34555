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

/**
 * Worker groups: a pool of worker processes behind one worker bean, free of Spring.
 * <p>
 * {@link io.github.ipcworker.pool.WorkerGroup} is the face the client, the Spring glue,
 * metrics and health use; it runs the lifecycle and leaves the rest to rooms with one job
 * each:
 * <ul>
 * <li>{@code Requests}: the callers' side; encodes, admits, waits, times out, cancels;
 * streams for readers ({@code StreamCursor}) and subscribers ({@code PushStream}); maps
 * read lazily within a window ({@code MapCursor}) or answered as one future
 * ({@code MapAsync}).</li>
 * <li>{@code CallTable}: every accepted call until it ends; the only way to end one.</li>
 * <li>{@code Members}: the lifecycle, the slots, the joined and the retiring workers, and
 * the one lock that also guards every worker's state and held calls.</li>
 * <li>{@code Dispatcher}: the bounded queue, the choice of worker, moving queued calls,
 * taking the calls of workers that answered or died.</li>
 * <li>{@code Outbox}: writes requests, credit, cancels and shutdowns, never under the
 * lock, never blocking a thread that must not block.</li>
 * <li>{@code Inbox} and {@code Replies}: frames from workers, and what they mean for
 * their calls.</li>
 * <li>{@code Supervisor} and {@code CrashLoopBreaker}: launch, READY, death, back-off,
 * giving up and trying again, recycling, stuck workers.</li>
 * <li>{@code RemoteAdmission}: worker hosts that join on their own.</li>
 * </ul>
 * Time and threads come from a {@link io.github.ipcworker.pool.GroupRuntime}, so tests
 * drive a real group on a hand-turned clock.
 * <p>
 * Invariants, checked after every step of the stateful property test:
 * <ol>
 * <li>Every accepted call ends exactly once, with its result or one documented
 * {@link io.github.ipcworker.IpcException}, also across stop, terminate, crash, timeout
 * and cancel: when a group stops, whatever is left in the call table fails, so no future
 * is ever left pending.</li>
 * <li>What a worker is counted as holding equals the calls it holds: the in-flight count
 * is the sum of the workers' held calls, every held call names its holder, no call is
 * both queued and held, and no dead worker holds a call.</li>
 * <li>A slot whose worker died is always either being replaced or counted toward giving
 * up.</li>
 * <li>A stream never has more items in flight than the credit its caller granted; a
 * worker that sends more loses its link.</li>
 * <li>Nothing is sent twice unless the user asked for {@code retry-on-crash}, and a
 * stream never is.</li>
 * </ol>
 */
@NullMarked
package io.github.ipcworker.pool;

import org.jspecify.annotations.NullMarked;
