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

import java.util.concurrent.CompletableFuture;

import io.github.ipcworker.IpcClient;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Decodes untrusted images in the {@code decoder} group, whose worker crafted input can
 * crash, exhaust or hang ({@link DecodeWorker}). Each of those fails one request, as an
 * HTTP problem ({@link IpcExceptionHandler}: 503 for a crash, 504 for a hang), and the
 * group replaces the worker; this JVM, and every other request, carries on.
 */
@RestController
class DecodeController {

	private final IpcClient ipc;

	DecodeController(IpcClient ipc) {
		this.ipc = ipc;
	}

	@PostMapping(path = "/decode", consumes = { MediaType.IMAGE_PNG_VALUE, MediaType.APPLICATION_OCTET_STREAM_VALUE })
	CompletableFuture<DecodedImage> decode(@RequestBody byte[] png) {
		return this.ipc.submit("decoder", png, DecodedImage.class);
	}

	/**
	 * A crafted PNG that triggers one of the decoder's bugs, to try {@code /decode} with.
	 */
	@GetMapping(path = "/crafted.png", produces = MediaType.IMAGE_PNG_VALUE)
	byte[] crafted(@RequestParam String bug) {
		try {
			return CraftedImages.png(bug);
		}
		catch (IllegalArgumentException ex) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, ex.getMessage(), ex);
		}
	}

}
