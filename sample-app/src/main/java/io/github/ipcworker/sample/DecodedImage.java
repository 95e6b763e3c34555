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
 * What the decoder read from an image.
 *
 * @param width the image's width
 * @param height the image's height
 * @param averageRgb the image's average colour, as {@code #rrggbb}
 * @param workerPid the process id of the worker that decoded it
 */
public record DecodedImage(int width, int height, String averageRgb, long workerPid) {

}
