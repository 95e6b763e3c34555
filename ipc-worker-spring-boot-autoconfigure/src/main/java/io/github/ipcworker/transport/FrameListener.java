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

import io.github.ipcworker.protocol.Frame;
import org.jspecify.annotations.Nullable;

/**
 * Receives the frames a worker sends. Called by the transport's receiving thread, one
 * frame at a time and in order; implementations hand work off quickly.
 */
public interface FrameListener {

	/**
	 * A frame arrived.
	 * @param frame the frame
	 */
	void onFrame(Frame frame);

	/**
	 * Bytes arrived that do not parse as a frame. The transport dropped them and goes on.
	 * @param requestId the request the bytes seem to belong to, or 0 when unknown
	 * @param problem what was wrong
	 */
	void onBadFrame(long requestId, RuntimeException problem);

	/**
	 * The link is gone: the worker closed its end or died. No frame follows.
	 * @param cause the failure, or {@code null} when the link was closed in order
	 */
	void onClosed(@Nullable Throwable cause);

}
