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
package io.github.ipcworker.client;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.github.ipcworker.IpcClient;
import io.github.ipcworker.IpcException;
import io.github.ipcworker.IpcGroup;
import io.github.ipcworker.pool.WorkerGroup;
import org.jspecify.annotations.Nullable;

import org.springframework.core.ParameterizedTypeReference;

/**
 * The {@link IpcClient} over the application's {@link WorkerGroup}s.
 */
public class DefaultIpcClient implements IpcClient {

	private final Map<String, WorkerGroup> groups;

	/**
	 * Creates a client over groups.
	 * @param groups the groups, by name
	 */
	public DefaultIpcClient(Map<String, WorkerGroup> groups) {
		this.groups = Collections.unmodifiableMap(new LinkedHashMap<>(groups));
	}

	@Override
	public <T> T call(String group, Object request, Class<T> responseType) {
		return cast(lookup(group).call(request, responseType, null));
	}

	@Override
	public <T> T call(String group, Object request, Class<T> responseType, Duration timeout) {
		return cast(lookup(group).call(request, responseType, timeout));
	}

	@Override
	public <T> T call(String group, Object request, ParameterizedTypeReference<T> responseType) {
		return cast(lookup(group).call(request, responseType.getType(), null));
	}

	@Override
	public <T> T call(String group, Object request, ParameterizedTypeReference<T> responseType, Duration timeout) {
		return cast(lookup(group).call(request, responseType.getType(), timeout));
	}

	@Override
	public <T> CompletableFuture<T> submit(String group, Object request, Class<T> responseType) {
		return submit(group, request, (Type) responseType);
	}

	@Override
	public <T> CompletableFuture<T> submit(String group, Object request, ParameterizedTypeReference<T> responseType) {
		return submit(group, request, responseType.getType());
	}

	@SuppressWarnings("unchecked")
	private <T> CompletableFuture<T> submit(String group, Object request, Type responseType) {
		WorkerGroup target;
		try {
			target = lookup(group);
		}
		catch (IpcException ex) {
			return CompletableFuture.failedFuture(ex);
		}
		return (CompletableFuture<T>) (CompletableFuture<?>) target.submit(request, responseType);
	}

	@Override
	public IpcGroup group(String name) {
		return lookup(name);
	}

	@Override
	public Collection<IpcGroup> groups() {
		return Collections.unmodifiableCollection(this.groups.values());
	}

	private WorkerGroup lookup(String name) {
		WorkerGroup group = this.groups.get(name);
		if (group == null) {
			throw new IpcException(name,
					"No ipc-worker group named '" + name + "'; the groups are " + this.groups.keySet());
		}
		return group;
	}

	@SuppressWarnings("unchecked")
	private static <T> T cast(@Nullable Object value) {
		return (T) value;
	}

}
