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
package io.github.ipcworker.sample;

import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.zip.CRC32;

/**
 * Makes the crafted PNG files that trigger the bugs of {@link DecodeWorker}: each is a
 * PNG signature and header chunk, then, for {@code crash}, a data chunk whose length runs
 * far past the end of the file.
 */
final class CraftedImages {

	static final int IHDR = 0x49484452;

	private static final int IDAT = 0x49444154;

	private CraftedImages() {
	}

	/**
	 * Returns a crafted PNG.
	 * @param bug {@code crash}, {@code oom} or {@code hang}
	 * @return the file's bytes
	 */
	static byte[] png(String bug) {
		return switch (bug.toLowerCase(Locale.ROOT)) {
			case "crash" -> png(16, 16, 0x7FFF0000);
			// 20000 x 20000 pixels: a raster of 1.6 GB.
			case "oom" -> png(20_000, 20_000, -1);
			case "hang" -> png(0, 16, -1);
			default -> throw new IllegalArgumentException("Unknown bug '" + bug + "'; use crash, oom or hang");
		};
	}

	private static byte[] png(int width, int height, int dataChunkLength) {
		ByteBuffer out = ByteBuffer.allocate(8 + 25 + ((dataChunkLength >= 0) ? 8 : 0));
		out.putLong(0x89504E470D0A1A0AL);
		ByteBuffer header = ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 2);
		chunk(out, IHDR, header.array());
		if (dataChunkLength >= 0) {
			// Only the length and type: the data it announces is not there.
			out.putInt(dataChunkLength).putInt(IDAT);
		}
		return out.array();
	}

	private static void chunk(ByteBuffer out, int type, byte[] data) {
		out.putInt(data.length).putInt(type).put(data);
		CRC32 crc = new CRC32();
		crc.update(ByteBuffer.allocate(4).putInt(type).array());
		crc.update(data);
		out.putInt((int) crc.getValue());
	}

}
