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
package io.github.ipcworker.autoconfigure.health;

import io.github.ipcworker.IpcGroup;
import io.github.ipcworker.IpcWorkerInfo;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The health of one group.
 * <p>
 * {@link IpcGroup.Status#UP UP} and {@link IpcGroup.Status#DEGRADED DEGRADED} are both
 * reported as {@code UP}, with the group's own state in the {@code state} detail: a group
 * that has lost some of its workers still serves while they are replaced, and taking the
 * application out of service for one crashed worker would turn that crash into an outage.
 * Spring Boot's default status order knows no other status either. {@code DOWN} means no
 * worker is ready, and {@code OUT_OF_SERVICE} that the group is stopped; both refuse
 * requests.
 */
final class IpcGroupHealthIndicator implements HealthIndicator {

	private final IpcGroup group;

	IpcGroupHealthIndicator(IpcGroup group) {
		this.group = group;
	}

	@Override
	public Health health() {
		IpcGroup.Status status = this.group.status();
		int live = 0;
		long restarts = 0;
		for (IpcWorkerInfo worker : this.group.workers()) {
			if (worker.state() == IpcWorkerInfo.State.READY) {
				live++;
			}
			restarts += worker.restarts();
		}
		Health.Builder health = switch (status) {
			case UP, DEGRADED -> Health.up();
			case DOWN -> Health.down();
			case STOPPED -> Health.outOfService();
		};
		return health.withDetail("state", status.name())
			.withDetail("transport", this.group.transport())
			.withDetail("liveWorkers", live)
			.withDetail("targetWorkers", this.group.size())
			.withDetail("restarts", restarts)
			.build();
	}

}
