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

import io.github.ipcworker.autoconfigure.child.IpcWorkerMain;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches in the application's own JVM and not in its worker processes, which are told
 * apart by {@value IpcWorkerMain#GROUP_PROPERTY}.
 */
class OnApplicationProcessCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		String group = context.getEnvironment().getProperty(IpcWorkerMain.GROUP_PROPERTY);
		if (group != null) {
			return ConditionOutcome.noMatch("this is a worker process of group '" + group + "'");
		}
		return ConditionOutcome.match("this is the application process");
	}

}
