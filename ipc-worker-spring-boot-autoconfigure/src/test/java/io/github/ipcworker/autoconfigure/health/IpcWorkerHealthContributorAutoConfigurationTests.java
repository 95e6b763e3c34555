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

import io.github.ipcworker.autoconfigure.IpcWorkerAutoConfiguration;
import io.github.ipcworker.autoconfigure.TwoGroupsConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link IpcWorkerHealthContributorAutoConfiguration}. The groups are not
 * started. {@code WithoutActuatorEndToEndTests} shows that it backs off when
 * {@code spring-boot-health} is missing: a filtering class loader cannot hide the classes
 * of a condition from this runner.
 */
class IpcWorkerHealthContributorAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(IpcWorkerAutoConfiguration.class,
				IpcWorkerHealthContributorAutoConfiguration.class))
		.withUserConfiguration(TwoGroupsConfiguration.class)
		.withPropertyValues("ipc.worker.auto-startup=false");

	@Test
	void contributesTheHealthOfEveryGroup() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(HealthContributor.class).hasBean("ipcWorkerHealthContributor");
			CompositeHealthContributor contributor = context.getBean(CompositeHealthContributor.class);
			assertThat(contributor.stream()).extracting(HealthContributors.Entry::name)
				.containsExactlyInAnyOrder("calc", "echo");
			HealthIndicator calc = (HealthIndicator) contributor.getContributor("calc");
			assertThat(calc.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
			assertThat(calc.health().getDetails()).containsEntry("targetWorkers", 2).containsEntry("liveWorkers", 0);
		});
	}

	@Test
	void whenTheIndicatorIsDisabledThenHealthBacksOff() {
		this.contextRunner.withPropertyValues("management.health.ipcworker.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(HealthContributor.class));
	}

	@Test
	void whenDefaultIndicatorsAreDisabledThenHealthBacksOff() {
		this.contextRunner.withPropertyValues("management.health.defaults.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(HealthContributor.class));
	}

	@Test
	void whenIpcWorkerIsDisabledThenHealthBacksOff() {
		this.contextRunner.withPropertyValues("ipc.worker.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(HealthContributor.class));
	}

	@Test
	void userDefinedContributorBacksOff() {
		HealthIndicator mine = () -> org.springframework.boot.health.contributor.Health.up().build();
		this.contextRunner.withBean("ipcWorkerHealthIndicator", HealthIndicator.class, () -> mine)
			.run((context) -> assertThat(context).hasSingleBean(HealthContributor.class)
				.getBean(HealthContributor.class)
				.isSameAs(mine));
	}

}
