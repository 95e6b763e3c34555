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

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;

import javax.imageio.ImageIO;

import io.github.ipcworker.IpcHandler;
import io.github.ipcworker.IpcWorker;

/**
 * Decodes a PNG image the way a native decoder (a C library reached through JNI or FFM)
 * might, with three bugs such decoders have had, each triggered by crafted input:
 * <ul>
 * <li>a chunk whose length runs past the end of the input makes it read past its buffer
 * and die of a segmentation fault (here {@link Runtime#halt}, since Java cannot
 * segfault);</li>
 * <li>a header declaring a huge image makes it allocate the whole raster before reading a
 * single pixel: it runs out of memory ({@code -XX:+ExitOnOutOfMemoryError} ends the
 * worker);</li>
 * <li>a header declaring a width or height of zero makes it wait forever for rows (here
 * it blocks rather than spin, to spare a core).</li>
 * </ul>
 * None of this can be fixed by the application, which does not own the decoder; in a
 * worker JVM it costs one request and one process, which the group replaces. In the web
 * server's JVM it would take the server down. {@link CraftedImages} makes such inputs.
 */
@IpcWorker(group = "decoder", workers = 1)
public class DecodeWorker implements IpcHandler<byte[], DecodedImage> {

	/** Exit code of a process killed by SIGSEGV, as a shell reports it. */
	static final int SEGFAULT_EXIT_CODE = 139;

	private static final long PNG_SIGNATURE = 0x89504E470D0A1A0AL;

	@Override
	public DecodedImage handle(byte[] png) throws IOException, InterruptedException {
		ByteBuffer in = ByteBuffer.wrap(png);
		if (png.length < 33 || in.getLong(0) != PNG_SIGNATURE || in.getInt(12) != CraftedImages.IHDR) {
			throw new IllegalArgumentException("Not a PNG image (" + png.length + " bytes)");
		}
		int width = in.getInt(16);
		int height = in.getInt(20);
		if (width == 0 || height == 0) {
			new CountDownLatch(1).await();
		}
		for (int at = 8; at + 8 <= png.length;) {
			long end = at + 12L + Integer.toUnsignedLong(in.getInt(at));
			if (end > png.length) {
				Runtime.getRuntime().halt(SEGFAULT_EXIT_CODE);
			}
			at = (int) end;
		}
		int[] raster = new int[Math.toIntExact((long) width * height)];
		BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
		if (image == null || image.getWidth() != width || image.getHeight() != height) {
			throw new IllegalArgumentException("Not a PNG image ImageIO can read (" + png.length + " bytes)");
		}
		image.getRGB(0, 0, width, height, raster, 0, width);
		return new DecodedImage(width, height, average(raster), ProcessHandle.current().pid());
	}

	private static String average(int[] raster) {
		long red = 0;
		long green = 0;
		long blue = 0;
		for (int rgb : raster) {
			red += (rgb >> 16) & 0xFF;
			green += (rgb >> 8) & 0xFF;
			blue += rgb & 0xFF;
		}
		int n = Math.max(1, raster.length);
		return String.format("#%02x%02x%02x", red / n, green / n, blue / n);
	}

}
