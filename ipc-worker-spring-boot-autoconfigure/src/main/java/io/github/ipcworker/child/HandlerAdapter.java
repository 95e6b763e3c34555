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
package io.github.ipcworker.child;

import java.lang.reflect.Type;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * A worker bean as the worker runtime sees it: its input type and how to call it.
 */
public interface HandlerAdapter {

	/**
	 * Returns the type the handler's requests are read as.
	 * @return the input type
	 */
	Type inputType();

	/**
	 * Returns whether the handler answers with a stream of items.
	 * @return whether it streams
	 */
	boolean streaming();

	/**
	 * Calls a one-response handler.
	 * @param request the decoded request
	 * @return the response
	 * @throws Exception what the handler threw
	 */
	@Nullable Object handle(@Nullable Object request) throws Exception;

	/**
	 * Calls a streaming handler.
	 * @param request the decoded request
	 * @return the items
	 * @throws Exception what the handler threw
	 */
	Stream<?> handleStream(@Nullable Object request) throws Exception;

}
