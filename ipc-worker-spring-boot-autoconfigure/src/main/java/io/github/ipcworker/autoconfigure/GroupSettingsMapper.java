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
package io.github.ipcworker.autoconfigure;

import io.github.ipcworker.pool.GroupSettings;
import io.github.ipcworker.transport.local.LocalTransport;
import org.jspecify.annotations.Nullable;

import org.springframework.util.unit.DataSize;

/**
 * Resolves the settings of a group: its own {@code ipc.worker.groups.<name>.*} keys
 * first, then the {@link io.github.ipcworker.IpcWorker @IpcWorker} annotation (for the
 * worker count), then the global {@code ipc.worker.*} keys.
 */
final class GroupSettingsMapper {

	private final IpcWorkerProperties properties;

	GroupSettingsMapper(IpcWorkerProperties properties) {
		this.properties = properties;
	}

	GroupSettings map(IpcWorkerDefinition definition) {
		IpcWorkerProperties global = this.properties;
		IpcWorkerProperties.Group group = global.getGroups()
			.getOrDefault(definition.group(), new IpcWorkerProperties.Group());
		int defaultWorkers = (global.getWorkers() != null) ? global.getWorkers()
				: Runtime.getRuntime().availableProcessors();
		// A group of worker hosts alone launches none unless told to.
		int fallbackWorkers = group.isRemoteWorkers() ? 0 : defaultWorkers;
		int workers = orElse(group.getWorkers(), orElse(definition.workers(), fallbackWorkers));
		int minWorkers = workers;
		boolean sized = group.getWorkers() != null || definition.workers() != null || global.getWorkers() != null;
		if (group.getMinWorkers() != null || group.getMaxWorkers() != null) {
			// Elastic: max-workers slots, min-workers of them kept running.
			minWorkers = orElse(group.getMinWorkers(), 1);
			workers = orElse(group.getMaxWorkers(), Math.max(minWorkers, workers));
		}
		else if (!sized && !group.isRemoteWorkers()) {
			// Nobody chose a size: one worker, and up to one per processor while requests
			// queue, rather than a JVM per processor per group from the start.
			minWorkers = 1;
		}
		IpcWorkerProperties.Transport transport = orElse(group.getTransport(), global.getTransport());
		return new GroupSettings(definition.group(), definition.beanName(), transportName(global, transport), workers,
				orElse(group.getQueueSize(), global.getQueueSize()), orElse(group.getPrefetch(), global.getPrefetch()),
				bytes("shm-size", orElse(group.getShmSize(), global.getShmSize())),
				bytes("max-message-size", orElse(group.getMaxMessageSize(), global.getMaxMessageSize())),
				orElse(group.getRequestTimeout(), global.getRequestTimeout()),
				orElse(group.getStartupTimeout(), global.getStartupTimeout()),
				orElse(group.getShutdownTimeout(), global.getShutdownTimeout()),
				orElse(group.getEnqueueTimeout(), global.getEnqueueTimeout()),
				orElse(group.getStreamWindow(), global.getStreamWindow()),
				orElse(group.getJvmArgs(), global.getJvmArgs()),
				new GroupSettings.Supervision(orElse(group.getRetryOnCrash(), global.isRetryOnCrash()),
						orElse(group.getMaxRestarts(), global.getMaxRestarts()),
						orElse(group.getRestartWindow(), global.getRestartWindow()),
						orElse(group.getStuckTimeout(), global.getStuckTimeout()),
						orElse(group.getMaxRequestsPerWorker(), global.getMaxRequestsPerWorker()),
						orElse(group.getRestartCooldown(), global.getRestartCooldown())),
				group.isRemoteWorkers(),
				new GroupSettings.Scaling(minWorkers, group.getScaleUpAfter(), group.getScaleDownAfter()),
				new GroupSettings.Standby(orElse(group.getSpareWorkers(), global.getSpareWorkers()),
						orElse(group.getReadyWhen(), global.getReadyWhen())));
	}

	/**
	 * In-process groups use no configured transport: they report the in-process one, so
	 * meters and health say where the work ran.
	 */
	private static String transportName(IpcWorkerProperties global, IpcWorkerProperties.Transport transport) {
		return (global.getMode() == IpcWorkerProperties.Mode.IN_PROCESS) ? LocalTransport.NAME
				: transport.name().toLowerCase(java.util.Locale.ROOT);
	}

	private static int bytes(String key, DataSize size) {
		if (size.toBytes() > Integer.MAX_VALUE || size.toBytes() < 0) {
			throw new IllegalArgumentException(
					"ipc.worker." + key + " must be between 0 and " + Integer.MAX_VALUE + " bytes, was " + size);
		}
		return (int) size.toBytes();
	}

	private static <T> T orElse(@Nullable T value, T fallback) {
		return (value != null) ? value : fallback;
	}

}
