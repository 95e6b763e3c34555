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
package io.github.ipcworker.pool;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.ipcworker.IpcException;

/**
 * The groups of an application, by name, for the clients that address them.
 */
public final class GroupDirectory {

	private final Map<String, WorkerGroup> groups;

	/**
	 * Creates a directory.
	 * @param groups the groups
	 */
	public GroupDirectory(Collection<WorkerGroup> groups) {
		Map<String, WorkerGroup> byName = new LinkedHashMap<>();
		groups.forEach((group) -> byName.put(group.name(), group));
		this.groups = Collections.unmodifiableMap(byName);
	}

	/**
	 * Returns a group by name.
	 * @param name the group name
	 * @return the group
	 * @throws IpcException when no group has that name, naming those there are
	 */
	public WorkerGroup get(String name) {
		WorkerGroup group = this.groups.get(name);
		if (group == null) {
			throw new IpcException(name,
					"No ipc-worker group named '" + name + "'; the groups are " + this.groups.keySet());
		}
		return group;
	}

	/**
	 * Returns every group.
	 * @return the groups, in the order they were defined
	 */
	public Collection<WorkerGroup> all() {
		return this.groups.values();
	}

	/**
	 * Returns the groups by name.
	 * @return an unmodifiable map
	 */
	public Map<String, WorkerGroup> byName() {
		return this.groups;
	}

}
