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
import java.util.List;
import java.util.concurrent.CompletableFuture;

import javax.imageio.ImageIO;

import io.github.ipcworker.IpcClient;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The REST side: takes an image, hands it to a worker, returns the thumbnail. The request
 * thread is released while the worker works ({@link IpcClient#submit}).
 */
@RestController
class ThumbnailController {

	/** Most sizes in one batch: each is a copy of the image sent to a worker. */
	private static final int MAX_BATCH = 16;

	private final IpcClient ipc;

	ThumbnailController(IpcClient ipc) {
		this.ipc = ipc;
	}

	@PostMapping(path = "/thumbnails", consumes = { MediaType.IMAGE_PNG_VALUE, MediaType.IMAGE_JPEG_VALUE,
			MediaType.IMAGE_GIF_VALUE, "image/bmp", MediaType.APPLICATION_OCTET_STREAM_VALUE })
	CompletableFuture<ResponseEntity<byte[]>> thumbnail(@RequestBody byte[] image,
			@RequestParam(defaultValue = "128") int size, @RequestParam(defaultValue = "png") String format) {
		return this.ipc.submit("thumbnails", new ThumbnailRequest(image, size, format), Thumbnail.class)
			.thenApply(ThumbnailController::response);
	}

	/**
	 * Several thumbnails of one image, such as the sizes of a responsive image's
	 * {@code srcset}, made in parallel: one request per size, spread over the group's
	 * workers ({@link IpcClient#map}). Each thumbnail comes back with its image in
	 * Base64, in the order of the sizes; the first failure fails the batch.
	 */
	@PostMapping(path = "/thumbnails/batch", consumes = { MediaType.IMAGE_PNG_VALUE, MediaType.IMAGE_JPEG_VALUE,
			MediaType.IMAGE_GIF_VALUE, "image/bmp", MediaType.APPLICATION_OCTET_STREAM_VALUE })
	List<Thumbnail> batch(@RequestBody byte[] image, @RequestParam List<Integer> sizes,
			@RequestParam(defaultValue = "png") String format) {
		if (sizes.isEmpty() || sizes.size() > MAX_BATCH) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
					"Give between 1 and " + MAX_BATCH + " sizes, gave " + sizes.size());
		}
		List<ThumbnailRequest> requests = sizes.stream()
			.map((size) -> new ThumbnailRequest(image, size, format))
			.toList();
		return this.ipc.map("thumbnails", requests, Thumbnail.class);
	}

	static ResponseEntity<byte[]> response(Thumbnail thumbnail) {
		return ResponseEntity.ok()
			.contentType("png".equals(thumbnail.format()) ? MediaType.IMAGE_PNG : MediaType.IMAGE_JPEG)
			.header("X-Thumbnail-Size", thumbnail.width() + "x" + thumbnail.height())
			.header("X-Source-Size", thumbnail.sourceWidth() + "x" + thumbnail.sourceHeight())
			.header("X-Worker-Pid", Long.toString(thumbnail.workerPid()))
			.body(thumbnail.image());
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
