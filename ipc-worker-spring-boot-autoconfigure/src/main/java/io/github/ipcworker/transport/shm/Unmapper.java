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
package io.github.ipcworker.transport.shm;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Releases a mapping at once rather than when the garbage collector finds its buffer
 * unreachable, which may be long after the link closed, and meanwhile holds the memory of
 * a deleted file.
 *
 * <p>
 * The JDK has no supported call for it below the foreign memory API of Java 22, so this
 * uses {@code sun.misc.Unsafe#invokeCleaner(ByteBuffer)} from the {@code jdk.unsupported}
 * module, which needs no JVM flag. From Java 24 on, the first call of it prints a warning
 * on the standard error of the user's application (JEP 498), so there the mapping is left
 * to the garbage collector, as it is whenever the call is missing or fails.
 *
 * <p>
 * Unmapping is unsafe: any later access to the buffer crashes the JVM. Only a
 * {@link MappingGuard} calls it, once no thread can touch the buffer any more.
 */
final class Unmapper {

	/** The first Java release that warns when {@code invokeCleaner} is called. */
	static final int FIRST_WARNING_RELEASE = 24;

	private static final Log logger = LogFactory.getLog(Unmapper.class);

	private static final @Nullable MethodHandle INVOKE_CLEANER = (Runtime.version().feature() < FIRST_WARNING_RELEASE)
			? findInvokeCleaner() : null;

	private Unmapper() {
	}

	/**
	 * Returns whether mappings are released explicitly on this JVM.
	 * @return whether {@link #unmap(MappedByteBuffer)} can release a mapping
	 */
	static boolean available() {
		return INVOKE_CLEANER != null;
	}

	/**
	 * Releases a mapping. The buffer must be the one {@code FileChannel.map} returned,
	 * not a slice or duplicate of it, and must never be touched again.
	 * @param buffer the mapped buffer
	 * @return whether the mapping was released; if not, the garbage collector releases it
	 */
	static boolean unmap(MappedByteBuffer buffer) {
		MethodHandle invokeCleaner = INVOKE_CLEANER;
		if (invokeCleaner == null) {
			return false;
		}
		try {
			invokeCleaner.invokeExact((ByteBuffer) buffer);
			return true;
		}
		catch (Throwable ex) {
			logger.debug("Could not unmap a shared-memory buffer; leaving it to the garbage collector", ex);
			return false;
		}
	}

	private static @Nullable MethodHandle findInvokeCleaner() {
		try {
			Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
			Field field = unsafeClass.getDeclaredField("theUnsafe");
			field.setAccessible(true);
			Object unsafe = field.get(null);
			return MethodHandles.lookup()
				.findVirtual(unsafeClass, "invokeCleaner", MethodType.methodType(void.class, ByteBuffer.class))
				.bindTo(unsafe);
		}
		catch (ReflectiveOperationException | RuntimeException | LinkageError ex) {
			logger.debug("Shared-memory buffers will be unmapped by the garbage collector: " + ex);
			return null;
		}
	}

}
