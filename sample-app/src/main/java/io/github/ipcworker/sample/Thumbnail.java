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

/**
 * A thumbnail made by a worker.
 *
 * @param image the encoded thumbnail
 * @param format the format of {@code image}
 * @param width the thumbnail's width
 * @param height the thumbnail's height
 * @param sourceWidth the width of the source image
 * @param sourceHeight the height of the source image
 * @param workerPid the process id of the worker that made it
 */
public record Thumbnail(byte[] image, String format, int width, int height, int sourceWidth, int sourceHeight,
		long workerPid) {

}
