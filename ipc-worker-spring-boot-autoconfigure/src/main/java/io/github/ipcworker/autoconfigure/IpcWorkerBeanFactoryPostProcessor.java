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

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.ipcworker.IpcHandler;
import io.github.ipcworker.IpcStreamHandler;
import io.github.ipcworker.IpcWorker;
import io.github.ipcworker.IpcWorkerContext;
import io.github.ipcworker.autoconfigure.child.IpcWorkerMain;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.ApplicationContextException;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * Finds the {@link IpcWorker @IpcWorker} beans of the application and takes their
 * definitions out of its context, so they are never created in the application's own JVM,
 * only in worker processes (with {@code ipc.worker.mode=in-process} they stay, made
 * prototypes, one instance per worker thread). What it found is registered as the
 * {@value #DEFINITIONS_BEAN_NAME} bean.
 * <p>
 * Runs after all bean definitions are registered (component scanning, {@code @Bean}
 * methods, auto-configurations) and before any bean is created.
 */
final class IpcWorkerBeanFactoryPostProcessor implements BeanFactoryPostProcessor {

	/** Name of the bean holding the definitions found. */
	static final String DEFINITIONS_BEAN_NAME = "ipcWorkerDefinitions";

	/** Whether the handlers run in this JVM ({@code ipc.worker.mode=in-process}). */
	private final boolean inProcess;

	IpcWorkerBeanFactoryPostProcessor() {
		this(false);
	}

	/**
	 * Creates the post-processor.
	 * @param inProcess whether the handlers run in this JVM: then their definitions stay,
	 * as prototypes, instead of being removed
	 */
	IpcWorkerBeanFactoryPostProcessor(boolean inProcess) {
		this.inProcess = inProcess;
	}

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) throws BeansException {
		if (beanFactory.containsSingleton(DEFINITIONS_BEAN_NAME)) {
			return;
		}
		Map<String, IpcWorkerDefinition> byGroup = new LinkedHashMap<>();
		for (String beanName : beanFactory.getBeanDefinitionNames()) {
			BeanDefinition definition = beanFactory.getBeanDefinition(beanName);
			if (definition.getRole() == BeanDefinition.ROLE_INFRASTRUCTURE || definition.isAbstract()) {
				continue;
			}
			Class<?> type = beanFactory.getType(beanName, false);
			if (type == null) {
				continue;
			}
			Class<?> userClass = ClassUtils.getUserClass(type);
			IpcWorker annotation = AnnotatedElementUtils.findMergedAnnotation(userClass, IpcWorker.class);
			if (annotation == null) {
				continue;
			}
			IpcWorkerDefinition found = define(beanName, userClass, annotation);
			IpcWorkerDefinition clash = byGroup.putIfAbsent(found.group(), found);
			if (clash != null) {
				throw new ApplicationContextException("@IpcWorker beans '" + clash.beanName() + "' and '" + beanName
						+ "' both name group '" + found.group() + "'; give each its own group");
			}
		}
		if (!(beanFactory instanceof BeanDefinitionRegistry registry)) {
			throw new ApplicationContextException(
					"ipc-worker needs a bean factory that can remove bean definitions, got " + beanFactory.getClass());
		}
		for (IpcWorkerDefinition found : byGroup.values()) {
			if (this.inProcess) {
				// Each in-process worker takes an instance of its own, as each worker
				// process has one: no handler is shared between threads.
				registry.getBeanDefinition(found.beanName()).setScope(BeanDefinition.SCOPE_PROTOTYPE);
			}
			else {
				registry.removeBeanDefinition(found.beanName());
			}
		}
		if (this.inProcess && !registry.containsBeanDefinition(IpcWorkerMain.WORKER_CONTEXT_BEAN_NAME)) {
			// Each worker's bean is created on its worker's thread, which knows its
			// identity.
			RootBeanDefinition context = new RootBeanDefinition(IpcWorkerContext.class,
					InProcessWorkers::currentContext);
			context.setScope(BeanDefinition.SCOPE_PROTOTYPE);
			registry.registerBeanDefinition(IpcWorkerMain.WORKER_CONTEXT_BEAN_NAME, context);
		}
		beanFactory.registerSingleton(DEFINITIONS_BEAN_NAME,
				new IpcWorkerDefinitions(Collections.unmodifiableList(new ArrayList<>(byGroup.values()))));
	}

	private static IpcWorkerDefinition define(String beanName, Class<?> beanClass, IpcWorker annotation) {
		boolean unary = IpcHandler.class.isAssignableFrom(beanClass);
		boolean streaming = IpcStreamHandler.class.isAssignableFrom(beanClass);
		if (unary == streaming) {
			throw new ApplicationContextException(
					"@IpcWorker bean '" + beanName + "' (" + beanClass.getName() + ") must implement exactly one of "
							+ IpcHandler.class.getName() + " and " + IpcStreamHandler.class.getName());
		}
		if (annotation.workers() < 0) {
			throw new ApplicationContextException("@IpcWorker bean '" + beanName + "' asks for " + annotation.workers()
					+ " workers; give a positive number, or 0 for the configured one");
		}
		String group = StringUtils.hasText(annotation.group()) ? annotation.group() : beanName;
		return new IpcWorkerDefinition(group, beanName, beanClass,
				(annotation.workers() > 0) ? annotation.workers() : null, streaming);
	}

	/**
	 * The {@link IpcWorker @IpcWorker} beans found in the application.
	 *
	 * @param definitions the definitions, in registration order
	 */
	record IpcWorkerDefinitions(List<IpcWorkerDefinition> definitions) {

	}

}
