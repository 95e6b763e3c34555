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

import java.time.Duration;
import java.util.function.Supplier;

import io.github.ipcworker.IpcWorkerStartup;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.AbstractApplicationContext;
import org.springframework.context.support.DefaultLifecycleProcessor;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.annotation.ScheduledAnnotationBeanPostProcessor;
import org.springframework.scheduling.config.TaskManagementConfigUtils;

/**
 * Keeps the application's own start-up out of a worker's context, so that it runs once,
 * in the application, and not once more in every worker:
 * <ul>
 * <li>its {@link CommandLineRunner} and {@link ApplicationRunner} beans are removed
 * (Spring Boot has no switch for runners);</li>
 * <li>only the lifecycle beans the worker bean depends on are started
 * ({@link WorkerLifecycleProcessor});</li>
 * <li>listeners of the started and ready events do not hear them
 * ({@link WorkerEventMulticaster});</li>
 * <li>{@code @Scheduled} methods are not scheduled
 * ({@link WorkerScheduledAnnotationBeanPostProcessor}).</li>
 * </ul>
 * Beans opted in with {@link IpcWorkerStartup @IpcWorkerStartup} start anyway. Runs
 * before any bean is created, so the replaced infrastructure is the one the context uses.
 */
public final class WorkerModeBeanFactoryPostProcessor implements BeanFactoryPostProcessor {

	/** Spring Boot's property for the lifecycle processor's shutdown phases. */
	static final String SHUTDOWN_PHASE_TIMEOUT_PROPERTY = "spring.lifecycle.timeout-per-shutdown-phase";

	/** Spring Boot's default for {@value #SHUTDOWN_PHASE_TIMEOUT_PROPERTY}. */
	private static final Duration DEFAULT_SHUTDOWN_PHASE_TIMEOUT = Duration.ofSeconds(30);

	private static final Log logger = LogFactory.getLog(WorkerModeBeanFactoryPostProcessor.class);

	private final @Nullable String workerBeanName;

	/**
	 * Creates the post-processor of a worker host, whose worker bean is the one of the
	 * group in {@value IpcWorkerMain#GROUP_PROPERTY}.
	 */
	public WorkerModeBeanFactoryPostProcessor() {
		this(null);
	}

	/**
	 * Creates the post-processor of a worker process.
	 * @param workerBeanName the name of the worker bean, or {@code null} to find it by
	 * the group in {@value IpcWorkerMain#GROUP_PROPERTY}
	 */
	public WorkerModeBeanFactoryPostProcessor(@Nullable String workerBeanName) {
		this.workerBeanName = workerBeanName;
	}

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) throws BeansException {
		if (!(beanFactory instanceof BeanDefinitionRegistry registry)) {
			return;
		}
		for (Class<?> runnerType : new Class<?>[] { CommandLineRunner.class, ApplicationRunner.class }) {
			for (String name : beanFactory.getBeanNamesForType(runnerType, true, false)) {
				if (registry.containsBeanDefinition(name)) {
					registry.removeBeanDefinition(name);
				}
			}
		}
		Environment environment = beanFactory.getBean(ConfigurableApplicationContext.ENVIRONMENT_BEAN_NAME,
				Environment.class);
		String workerBeanName = (this.workerBeanName != null) ? this.workerBeanName : WorkerStartupBeans
			.workerBeanName(beanFactory, environment.getRequiredProperty(IpcWorkerMain.GROUP_PROPERTY));
		WorkerStartupBeans startupBeans = new WorkerStartupBeans(beanFactory);
		Duration shutdownPhaseTimeout = Binder.get(environment)
			.bind(SHUTDOWN_PHASE_TIMEOUT_PROPERTY, Duration.class)
			.orElse(DEFAULT_SHUTDOWN_PHASE_TIMEOUT);
		replace(beanFactory, registry, AbstractApplicationContext.LIFECYCLE_PROCESSOR_BEAN_NAME,
				DefaultLifecycleProcessor.class, WorkerLifecycleProcessor.class, () -> {
					WorkerLifecycleProcessor processor = new WorkerLifecycleProcessor(workerBeanName, startupBeans);
					processor.setTimeoutPerShutdownPhase(shutdownPhaseTimeout.toMillis());
					return processor;
				});
		replace(beanFactory, registry, AbstractApplicationContext.APPLICATION_EVENT_MULTICASTER_BEAN_NAME, null,
				WorkerEventMulticaster.class, () -> new WorkerEventMulticaster(startupBeans));
		if (registry.containsBeanDefinition(TaskManagementConfigUtils.SCHEDULED_ANNOTATION_PROCESSOR_BEAN_NAME)) {
			replace(beanFactory, registry, TaskManagementConfigUtils.SCHEDULED_ANNOTATION_PROCESSOR_BEAN_NAME,
					ScheduledAnnotationBeanPostProcessor.class, WorkerScheduledAnnotationBeanPostProcessor.class,
					() -> new WorkerScheduledAnnotationBeanPostProcessor(startupBeans));
		}
	}

	/**
	 * Registers a worker's own bean in place of the framework's default one. A bean the
	 * application defined itself is kept, with a warning: replacing it would lose its
	 * settings.
	 * @param defaultType the type of the framework's default, or {@code null} when it
	 * defines none
	 */
	private static <T> void replace(ConfigurableListableBeanFactory beanFactory, BeanDefinitionRegistry registry,
			String name, @Nullable Class<?> defaultType, Class<T> workerType, Supplier<T> supplier) {
		if (registry.containsBeanDefinition(name)) {
			if (defaultType == null || beanFactory.getType(name, false) != defaultType) {
				logger.warn("The application defines its own '" + name + "' bean, so its workers keep it: "
						+ "start-up hooks that only the application should run may run in its workers too");
				return;
			}
			registry.removeBeanDefinition(name);
		}
		RootBeanDefinition definition = new RootBeanDefinition(workerType, supplier);
		definition.setRole(BeanDefinition.ROLE_INFRASTRUCTURE);
		registry.registerBeanDefinition(name, definition);
	}

}
