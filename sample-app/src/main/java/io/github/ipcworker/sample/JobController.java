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

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import io.github.ipcworker.IpcClient;
import io.github.ipcworker.IpcTimeoutException;
import io.github.ipcworker.IpcUnknownRequestException;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Thumbnails as jobs, for clients that would rather poll than hold a connection open:
 * {@code POST /jobs} hands the image to a worker and answers {@code 202} at once with the
 * job's id ({@link IpcClient#put}); {@code GET /jobs/{id}} answers {@code 202} while the
 * worker works, then the thumbnail ({@link IpcClient#get}). The group holds the answer
 * until it is collected, for {@code ipc.worker.result-retention}; it is handed out once,
 * so asking again is a {@code 404}, as is an id never given out.
 * <p>
 * The id is the group's request id, a counter: an application whose users must not see
 * each other's jobs keeps its own random ids, mapped to these.
 */
@RestController
class JobController {

	/** Polling does not wait: a job still running answers at once. */
	private static final Duration NO_WAIT = Duration.ZERO;

	private final IpcClient ipc;

	JobController(IpcClient ipc) {
		this.ipc = ipc;
	}

	@PostMapping(path = "/jobs", consumes = { MediaType.IMAGE_PNG_VALUE, MediaType.IMAGE_JPEG_VALUE,
			MediaType.IMAGE_GIF_VALUE, "image/bmp", MediaType.APPLICATION_OCTET_STREAM_VALUE })
	ResponseEntity<Map<String, Object>> submit(@RequestBody byte[] image, @RequestParam(defaultValue = "128") int size,
			@RequestParam(defaultValue = "png") String format) {
		long id = this.ipc.put("thumbnails", new ThumbnailRequest(image, size, format));
		return ResponseEntity.accepted().location(URI.create("/jobs/" + id)).body(running(id));
	}

	@GetMapping("/jobs/{id}")
	ResponseEntity<?> result(@PathVariable long id) {
		Thumbnail thumbnail;
		try {
			thumbnail = this.ipc.get(id, Thumbnail.class, NO_WAIT);
		}
		catch (IpcUnknownRequestException ex) {
			return ResponseEntity.notFound().build();
		}
		catch (IpcTimeoutException ex) {
			if (!NO_WAIT.equals(ex.getTimeout())) {
				// The job itself timed out in its worker: that is its answer.
				throw ex;
			}
			return ResponseEntity.status(HttpStatus.ACCEPTED).header("Retry-After", "1").body(running(id));
		}
		return ThumbnailController.response(thumbnail);
	}

	private static Map<String, Object> running(long id) {
		return Map.of("id", id, "status", "running");
	}

}
