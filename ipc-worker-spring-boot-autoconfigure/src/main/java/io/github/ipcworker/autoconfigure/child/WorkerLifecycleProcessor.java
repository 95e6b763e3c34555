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

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.ipcworker.IpcWorkerStartup;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryUtils;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.Lifecycle;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.support.DefaultLifecycleProcessor;

/**
 * The lifecycle processor of a worker process: starts (and stops) only the lifecycle
 * beans its worker bean depends on, directly or through other beans, the worker bean
 * itself, and those opted in with {@link IpcWorkerStartup @IpcWorkerStartup}. The
 * application's other lifecycle beans (listener containers, pollers) belong to the
 * application, which runs them already; in a worker they are not even created.
 * <p>
 * The worker bean is created first, when the context is refreshed: only then does the
 * bean factory know what it depends on.
 */
final class WorkerLifecycleProcessor extends DefaultLifecycleProcessor {

	private static final Log logger = LogFactory.getLog(WorkerLifecycleProcessor.class);

	private final String workerBeanName;

	private final WorkerStartupBeans startupBeans;

	private @Nullable ConfigurableListableBeanFactory beanFactory;

	/** The worker bean and its dependencies, once the context is refreshed. */
	private volatile @Nullable Set<String> needed;

	private volatile boolean reported;

	WorkerLifecycleProcessor(String workerBeanName, WorkerStartupBeans startupBeans) {
		this.workerBeanName = workerBeanName;
		this.startupBeans = startupBeans;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		super.setBeanFactory(beanFactory);
		this.beanFactory = (ConfigurableListableBeanFactory) beanFactory;
	}

	@Override
	public void onRefresh() {
		ConfigurableListableBeanFactory beanFactory = beanFactory();
		beanFactory.getBean(this.workerBeanName);
		this.needed = dependenciesOf(beanFactory, this.workerBeanName);
		super.onRefresh();
	}

	@Override
	protected Map<String, Lifecycle> getLifecycleBeans() {
		Set<String> needed = this.needed;
		if (needed == null) {
			// Not refreshed (it failed before): nothing was started.
			return Map.of();
		}
		ConfigurableListableBeanFactory beanFactory = beanFactory();
		Map<String, Lifecycle> beans = new LinkedHashMap<>();
		List<String> left = new ArrayList<>();
		for (String name : beanFactory.getBeanNamesForType(Lifecycle.class, false, false)) {
			String registeredName = BeanFactoryUtils.transformedBeanName(name);
			if (!needed.contains(registeredName) && !this.startupBeans.isOptedIn(registeredName)) {
				left.add(registeredName);
				continue;
			}
			// As the default processor: plain Lifecycle beans only when they exist,
			// SmartLifecycle beans are created to be started.
			if (beanFactory.containsSingleton(registeredName) || beanFactory.isTypeMatch(name, SmartLifecycle.class)) {
				Object bean = beanFactory.getBean(name);
				if (bean != this && bean instanceof Lifecycle lifecycle) {
					beans.put(registeredName, lifecycle);
				}
			}
		}
		if (!this.reported && !left.isEmpty() && logger.isDebugEnabled()) {
			logger.debug("Lifecycle beans left to the application (the worker bean '" + this.workerBeanName
					+ "' does not depend on them; @IpcWorkerStartup starts one in workers too): " + left);
		}
		this.reported = true;
		return beans;
	}

	private ConfigurableListableBeanFactory beanFactory() {
		ConfigurableListableBeanFactory beanFactory = this.beanFactory;
		if (beanFactory == null) {
			throw new IllegalStateException("No bean factory set");
		}
		return beanFactory;
	}

	/**
	 * Returns a bean and every bean it depends on, directly or not, as the bean factory
	 * recorded them when it injected them.
	 */
	static Set<String> dependenciesOf(ConfigurableListableBeanFactory beanFactory, String beanName) {
		Set<String> found = new HashSet<>();
		Deque<String> pending = new ArrayDeque<>();
		found.add(beanName);
		pending.push(beanName);
		while (!pending.isEmpty()) {
			for (String dependency : beanFactory.getDependenciesForBean(pending.pop())) {
				String name = BeanFactoryUtils.transformedBeanName(dependency);
				if (found.add(name)) {
					pending.push(name);
				}
			}
		}
		return found;
	}

}
