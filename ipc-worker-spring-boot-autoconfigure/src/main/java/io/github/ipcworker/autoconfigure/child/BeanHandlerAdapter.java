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
package io.github.ipcworker.autoconfigure.child;

import java.lang.reflect.Type;
import java.util.stream.Stream;

import io.github.ipcworker.IpcHandler;
import io.github.ipcworker.IpcStreamHandler;
import io.github.ipcworker.child.HandlerAdapter;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.core.ResolvableType;

/**
 * Adapts an {@link io.github.ipcworker.IpcWorker @IpcWorker} bean for the worker runtime,
 * reading its input type from its generic parameters.
 */
public final class BeanHandlerAdapter implements HandlerAdapter {

	private final @Nullable IpcHandler<Object, Object> handler;

	private final @Nullable IpcStreamHandler<Object, Object> streamHandler;

	private final Type inputType;

	@SuppressWarnings("unchecked")
	private BeanHandlerAdapter(Object bean) {
		Class<?> targetClass = AopUtils.getTargetClass(bean);
		if (bean instanceof IpcStreamHandler<?, ?> stream) {
			this.handler = null;
			this.streamHandler = (IpcStreamHandler<Object, Object>) stream;
			this.inputType = inputType(targetClass, IpcStreamHandler.class);
		}
		else if (bean instanceof IpcHandler<?, ?> unary) {
			this.handler = (IpcHandler<Object, Object>) unary;
			this.streamHandler = null;
			this.inputType = inputType(targetClass, IpcHandler.class);
		}
		else {
			throw new IllegalStateException("Worker bean " + targetClass.getName() + " implements neither "
					+ IpcHandler.class.getName() + " nor " + IpcStreamHandler.class.getName());
		}
	}

	/**
	 * Adapts a worker bean.
	 * @param bean the bean, an IpcHandler or IpcStreamHandler
	 * @return the adapter
	 */
	public static BeanHandlerAdapter of(Object bean) {
		return new BeanHandlerAdapter(bean);
	}

	private static Type inputType(Class<?> targetClass, Class<?> handlerInterface) {
		ResolvableType input = ResolvableType.forClass(targetClass).as(handlerInterface).getGeneric(0);
		return (input.resolve() != null) ? input.getType() : Object.class;
	}

	@Override
	public Type inputType() {
		return this.inputType;
	}

	@Override
	public boolean streaming() {
		return this.streamHandler != null;
	}

	@Override
	public @Nullable Object handle(@Nullable Object request) throws Exception {
		if (this.handler == null) {
			throw new IllegalStateException("not a one-response handler");
		}
		return this.handler.handle(request);
	}

	@Override
	public Stream<?> handleStream(@Nullable Object request) throws Exception {
		if (this.streamHandler == null) {
			throw new IllegalStateException("not a streaming handler");
		}
		Stream<?> items = this.streamHandler.handle(request);
		if (items == null) {
			throw new IllegalStateException("The stream handler returned null instead of a stream");
		}
		return items;
	}

}
