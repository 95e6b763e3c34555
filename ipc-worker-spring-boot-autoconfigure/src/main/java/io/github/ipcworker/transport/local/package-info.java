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
 * The in-process transport: a worker's link as two in-memory queues, for groups whose
 * workers run on threads of the application's own JVM
 * ({@code ipc.worker.mode=in-process}). Frames carry their encoded payloads, so the codec
 * round trip is the same as between processes. Free of Spring.
 */
@NullMarked
package io.github.ipcworker.transport.local;

import org.jspecify.annotations.NullMarked;
