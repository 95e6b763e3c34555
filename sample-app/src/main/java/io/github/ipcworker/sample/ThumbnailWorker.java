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

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Locale;
import java.util.Set;

import javax.imageio.ImageIO;

import io.github.ipcworker.IpcHandler;
import io.github.ipcworker.IpcWorker;
import jakarta.annotation.PostConstruct;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Makes thumbnails with the JDK's ImageIO. Runs only in the worker processes of group
 * {@code thumbnails}, never in the web server's JVM.
 */
@IpcWorker(group = "thumbnails")
public class ThumbnailWorker implements IpcHandler<ThumbnailRequest, Thumbnail> {

	private static final Log logger = LogFactory.getLog(ThumbnailWorker.class);

	private static final Set<String> FORMATS = Set.of("png", "jpeg");

	/** Larger sources are refused: a decoded 40-megapixel image already takes 160 MB. */
	private static final long MAX_SOURCE_PIXELS = 40_000_000L;

	@PostConstruct
	void warmUp() {
		// ImageIO scans for plugins on first use; do it before the first request.
		ImageIO.getReaderFormatNames();
		logger.info("Thumbnail worker ready in process " + ProcessHandle.current().pid());
	}

	@Override
	public Thumbnail handle(ThumbnailRequest request) throws IOException {
		String format = request.format().toLowerCase(Locale.ROOT);
		if (!FORMATS.contains(format)) {
			throw new IllegalArgumentException(
					"Unsupported thumbnail format '" + request.format() + "'; use png or jpeg");
		}
		if (request.maxSize() < 1 || request.maxSize() > 4096) {
			throw new IllegalArgumentException("Thumbnail size must be between 1 and 4096, was " + request.maxSize());
		}
		BufferedImage source = ImageIO.read(new ByteArrayInputStream(request.image()));
		if (source == null) {
			throw new IllegalArgumentException("Not an image ImageIO can read (" + request.image().length + " bytes)");
		}
		if ((long) source.getWidth() * source.getHeight() > MAX_SOURCE_PIXELS) {
			throw new IllegalArgumentException("Image of " + source.getWidth() + "x" + source.getHeight()
					+ " is larger than " + MAX_SOURCE_PIXELS + " pixels");
		}
		double scale = Math.min(1.0, (double) request.maxSize() / Math.max(source.getWidth(), source.getHeight()));
		int width = Math.max(1, (int) Math.round(source.getWidth() * scale));
		int height = Math.max(1, (int) Math.round(source.getHeight() * scale));
		BufferedImage scaled = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		Graphics2D graphics = scaled.createGraphics();
		try {
			graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
			graphics.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
			graphics.drawImage(source, 0, 0, width, height, null);
		}
		finally {
			graphics.dispose();
		}
		ByteArrayOutputStream encoded = new ByteArrayOutputStream();
		ImageIO.write(scaled, format, encoded);
		return new Thumbnail(encoded.toByteArray(), format, width, height, source.getWidth(), source.getHeight(),
				ProcessHandle.current().pid());
	}

}
