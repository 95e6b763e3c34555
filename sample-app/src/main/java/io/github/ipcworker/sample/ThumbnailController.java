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

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;

import javax.imageio.ImageIO;

import io.github.ipcworker.IpcClient;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The REST side: takes an image, hands it to a worker, returns the thumbnail. The request
 * thread is released while the worker works ({@link IpcClient#submit}).
 */
@RestController
class ThumbnailController {

	private final IpcClient ipc;

	ThumbnailController(IpcClient ipc) {
		this.ipc = ipc;
	}

	@PostMapping(path = "/thumbnails", consumes = { MediaType.IMAGE_PNG_VALUE, MediaType.IMAGE_JPEG_VALUE,
			MediaType.IMAGE_GIF_VALUE, "image/bmp", MediaType.APPLICATION_OCTET_STREAM_VALUE })
	CompletableFuture<ResponseEntity<byte[]>> thumbnail(@RequestBody byte[] image,
			@RequestParam(defaultValue = "128") int size, @RequestParam(defaultValue = "png") String format) {
		return this.ipc.submit("thumbnails", new ThumbnailRequest(image, size, format), Thumbnail.class)
			.thenApply((thumbnail) -> ResponseEntity.ok()
				.contentType("png".equals(thumbnail.format()) ? MediaType.IMAGE_PNG : MediaType.IMAGE_JPEG)
				.header("X-Thumbnail-Size", thumbnail.width() + "x" + thumbnail.height())
				.header("X-Source-Size", thumbnail.sourceWidth() + "x" + thumbnail.sourceHeight())
				.header("X-Worker-Pid", Long.toString(thumbnail.workerPid()))
				.body(thumbnail.image()));
	}

	/**
	 * A generated test image, so the endpoint can be tried without an image at hand.
	 */
	@GetMapping(path = "/sample.png", produces = MediaType.IMAGE_PNG_VALUE)
	byte[] sample(@RequestParam(defaultValue = "1600") int width, @RequestParam(defaultValue = "1200") int height) {
		int w = Math.max(1, Math.min(width, 4000));
		int h = Math.max(1, Math.min(height, 4000));
		BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
		Graphics2D graphics = image.createGraphics();
		try {
			for (int y = 0; y < h; y += 8) {
				graphics.setColor(Color.getHSBColor((float) y / h, 0.6f, 0.9f));
				graphics.fillRect(0, y, w, 8);
			}
			graphics.setColor(Color.WHITE);
			graphics.fillOval(w / 4, h / 4, w / 2, h / 2);
		}
		finally {
			graphics.dispose();
		}
		ByteArrayOutputStream png = new ByteArrayOutputStream();
		try {
			ImageIO.write(image, "png", png);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return png.toByteArray();
	}

}
