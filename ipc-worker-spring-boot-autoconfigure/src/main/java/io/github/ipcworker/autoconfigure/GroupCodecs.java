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
package io.github.ipcworker.autoconfigure;

import io.github.ipcworker.codec.JacksonPayloadCodec;
import io.github.ipcworker.codec.PayloadCodec;

/**
 * Chooses the codec of a group from {@code ipc.worker.codec} and
 * {@code ipc.worker.groups.<name>.codec}. The parent and the group's workers both call
 * it, and a worker gets its group's resolved format in its launch spec, so the two sides
 * always agree on the format.
 */
public final class GroupCodecs {

	private GroupCodecs() {
	}

	/**
	 * Returns the codec of a group.
	 * @param codec the application's codec bean
	 * @param properties the properties
	 * @param group the group name
	 * @return the codec in the group's format; the bean itself when it has that format or
	 * is not a {@link JacksonPayloadCodec}, whose format the application chose
	 */
	public static PayloadCodec forGroup(PayloadCodec codec, IpcWorkerProperties properties, String group) {
		return withFormat(codec, properties.codecOf(group));
	}

	/**
	 * Returns a codec in a format.
	 * @param codec the application's codec bean
	 * @param format the format
	 * @return the codec in the format, or the bean when it is not a
	 * {@link JacksonPayloadCodec}
	 */
	static PayloadCodec withFormat(PayloadCodec codec, IpcWorkerProperties.Codec format) {
		return (codec instanceof JacksonPayloadCodec jackson) ? jackson.withFormat(format.formatName()) : codec;
	}

}
