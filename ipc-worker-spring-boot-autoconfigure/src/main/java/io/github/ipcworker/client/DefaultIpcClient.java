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
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Stream;

import io.github.ipcworker.IpcClient;
import io.github.ipcworker.IpcException;
import io.github.ipcworker.IpcGroup;
import io.github.ipcworker.pool.GroupDirectory;
import io.github.ipcworker.pool.WorkerGroup;
import org.jspecify.annotations.Nullable;

import org.springframework.core.ParameterizedTypeReference;

/**
 * The {@link IpcClient} over the application's {@link WorkerGroup}s.
 */
public class DefaultIpcClient implements IpcClient {

	private final GroupDirectory groups;

	private final ResultStore results;

	/**
	 * Creates a client over groups.
	 * @param groups the groups
	 * @param resultRetention how long the answer of a {@link #put} request is kept
	 * uncollected
	 */
	public DefaultIpcClient(GroupDirectory groups, Duration resultRetention) {
		this.groups = groups;
		this.results = new ResultStore(resultRetention);
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

	@Override
	public <T> CompletableFuture<T> submit(String group, Object request, Class<T> responseType, Duration timeout) {
		return sendTo(group, (target) -> target.submit(request, responseType, timeout));
	}

	@Override
	public <T> CompletableFuture<T> submit(String group, Object request, ParameterizedTypeReference<T> responseType,
			Duration timeout) {
		return sendTo(group, (target) -> target.submit(request, responseType.getType(), timeout));
	}

	private <T> CompletableFuture<T> submit(String group, Object request, Type responseType) {
		return sendTo(group, (target) -> target.submit(request, responseType));
	}

	/**
	 * Looks the group up and sends; an unknown group fails the future, as any failure.
	 */
	@SuppressWarnings("unchecked")
	private <T> CompletableFuture<T> sendTo(String group, Function<WorkerGroup, CompletableFuture<?>> send) {
		WorkerGroup target;
		try {
			target = lookup(group);
		}
		catch (IpcException ex) {
			return CompletableFuture.failedFuture(ex);
		}
		return (CompletableFuture<T>) send.apply(target);
	}

	@Override
	public <T> Stream<T> stream(String group, Object request, Class<T> itemType) {
		return cast(lookup(group).stream(request, itemType, null));
	}

	@Override
	public <T> Stream<T> stream(String group, Object request, ParameterizedTypeReference<T> itemType) {
		return cast(lookup(group).stream(request, itemType.getType(), null));
	}

	@Override
	public <T> Stream<T> stream(String group, Object request, Class<T> itemType, Duration timeout) {
		return cast(lookup(group).stream(request, itemType, timeout));
	}

	@Override
	public <T> Stream<T> stream(String group, Object request, ParameterizedTypeReference<T> itemType,
			Duration timeout) {
		return cast(lookup(group).stream(request, itemType.getType(), timeout));
	}

	@Override
	public long put(String group, Object request) {
		WorkerGroup target = lookup(group);
		WorkerGroup.Pending pending = target.put(request);
		this.results.hold(target, pending);
		return pending.requestId();
	}

	@Override
	public <T> T get(long requestId, Class<T> responseType) {
		return cast(this.results.collect(requestId, responseType, null));
	}

	@Override
	public <T> T get(long requestId, Class<T> responseType, Duration timeout) {
		return cast(this.results.collect(requestId, responseType, timeout));
	}

	@Override
	public <T> List<T> broadcast(String group, Object request, Class<T> responseType) {
		return cast(lookup(group).broadcast(request, responseType, null));
	}

	@Override
	public <T> List<T> map(String group, Collection<?> inputs, Class<T> responseType) {
		return cast(lookup(group).map(inputs, responseType));
	}

	@Override
	public <T> List<T> map(String group, Collection<?> inputs, Class<T> responseType, Duration timeout) {
		return cast(lookup(group).map(inputs, responseType, timeout));
	}

	@Override
	public <T> Stream<T> mapStream(String group, Stream<?> inputs, Class<T> responseType) {
		return cast(lookup(group).mapStream(inputs, responseType, true, null));
	}

	@Override
	public <T> Stream<T> mapStream(String group, Stream<?> inputs, Class<T> responseType, Duration timeout) {
		return cast(lookup(group).mapStream(inputs, responseType, true, timeout));
	}

	@Override
	public <T> Stream<T> mapStream(String group, Stream<?> inputs, ParameterizedTypeReference<T> responseType) {
		return cast(lookup(group).mapStream(inputs, responseType.getType(), true, null));
	}

	@Override
	public <T> Stream<T> mapStream(String group, Stream<?> inputs, ParameterizedTypeReference<T> responseType,
			Duration timeout) {
		return cast(lookup(group).mapStream(inputs, responseType.getType(), true, timeout));
	}

	@Override
	public <T> Stream<T> mapUnordered(String group, Stream<?> inputs, Class<T> responseType) {
		return cast(lookup(group).mapStream(inputs, responseType, false, null));
	}

	@Override
	public <T> Stream<T> mapUnordered(String group, Stream<?> inputs, Class<T> responseType, Duration timeout) {
		return cast(lookup(group).mapStream(inputs, responseType, false, timeout));
	}

	@Override
	public <T> Stream<T> mapUnordered(String group, Stream<?> inputs, ParameterizedTypeReference<T> responseType) {
		return cast(lookup(group).mapStream(inputs, responseType.getType(), false, null));
	}

	@Override
	public <T> Stream<T> mapUnordered(String group, Stream<?> inputs, ParameterizedTypeReference<T> responseType,
			Duration timeout) {
		return cast(lookup(group).mapStream(inputs, responseType.getType(), false, timeout));
	}

	@Override
	public <T> CompletableFuture<List<T>> mapAsync(String group, Collection<?> inputs, Class<T> responseType) {
		return mapAsync(group, inputs, (Type) responseType, null);
	}

	@Override
	public <T> CompletableFuture<List<T>> mapAsync(String group, Collection<?> inputs, Class<T> responseType,
			Duration timeout) {
		return mapAsync(group, inputs, (Type) responseType, timeout);
	}

	@Override
	public <T> CompletableFuture<List<T>> mapAsync(String group, Collection<?> inputs,
			ParameterizedTypeReference<T> responseType) {
		return mapAsync(group, inputs, responseType.getType(), null);
	}

	@Override
	public <T> CompletableFuture<List<T>> mapAsync(String group, Collection<?> inputs,
			ParameterizedTypeReference<T> responseType, Duration timeout) {
		return mapAsync(group, inputs, responseType.getType(), timeout);
	}

	private <T> CompletableFuture<List<T>> mapAsync(String group, Collection<?> inputs, Type responseType,
			@Nullable Duration timeout) {
		return sendTo(group, (target) -> target.mapAsync(inputs, responseType, timeout));
	}

	@Override
	public IpcGroup group(String name) {
		return lookup(name);
	}

	@Override
	public Collection<IpcGroup> groups() {
		return Collections.unmodifiableCollection(this.groups.all());
	}

	private WorkerGroup lookup(String name) {
		return this.groups.get(name);
	}

	@SuppressWarnings("unchecked")
	private static <T> T cast(@Nullable Object value) {
		return (T) value;
	}

}
