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
package io.github.ipcworker.process;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fills in {@value #PLACEHOLDER} in the settings of one worker process, such as its
 * environment and JVM options, so that each worker of a group can get its own device,
 * port or file: {@code CUDA_VISIBLE_DEVICES={index}} gives worker 1 the value {@code 1}.
 * A replacement is launched for the same index, so it gets the same values.
 */
public final class WorkerIndexPlaceholder {

	/** The text replaced by the worker's index. */
	public static final String PLACEHOLDER = "{index}";

	private WorkerIndexPlaceholder() {
	}

	/**
	 * Replaces every {@value #PLACEHOLDER} in a value.
	 * @param value the configured value
	 * @param workerIndex the worker's index
	 * @return the value for that worker
	 */
	public static String resolve(String value, int workerIndex) {
		return value.replace(PLACEHOLDER, Integer.toString(workerIndex));
	}

	/**
	 * Replaces every {@value #PLACEHOLDER} in each element of a list.
	 * @param values the configured values
	 * @param workerIndex the worker's index
	 * @return the values for that worker, in the same order
	 */
	public static List<String> resolve(List<String> values, int workerIndex) {
		List<String> resolved = new ArrayList<>(values.size());
		for (String value : values) {
			resolved.add(resolve(value, workerIndex));
		}
		return resolved;
	}

	/**
	 * Replaces every {@value #PLACEHOLDER} in the values of a map; the keys stay as they
	 * are, since a variable's name is the same in every worker.
	 * @param values the configured entries
	 * @param workerIndex the worker's index
	 * @return the entries for that worker, in the same order
	 */
	public static Map<String, String> resolve(Map<String, String> values, int workerIndex) {
		Map<String, String> resolved = new LinkedHashMap<>();
		values.forEach((key, value) -> resolved.put(key, resolve(value, workerIndex)));
		return resolved;
	}

}
