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

import java.util.HashSet;
import java.util.Set;

import io.github.ipcworker.IpcWorker;
import io.github.ipcworker.IpcWorkerStartup;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactoryUtils;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.ApplicationContextException;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ApplicationListenerMethodAdapter;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.type.MethodMetadata;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * Tells which of the application's beans a worker process starts besides its worker bean:
 * those opted in with {@link IpcWorkerStartup @IpcWorkerStartup}, on their class or on
 * their {@code @Bean} method.
 */
public final class WorkerStartupBeans {

	private final ConfigurableListableBeanFactory beanFactory;

	private volatile @Nullable Set<Class<?>> optedInTypes;

	WorkerStartupBeans(ConfigurableListableBeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	/**
	 * Returns whether a bean is opted in.
	 * @param beanName the bean's name, with or without the factory-bean prefix
	 * @return whether it starts in workers too
	 */
	boolean isOptedIn(String beanName) {
		String name = BeanFactoryUtils.transformedBeanName(beanName);
		if (!this.beanFactory.containsBeanDefinition(name)) {
			return false;
		}
		if (this.beanFactory.findAnnotationOnBean(name, IpcWorkerStartup.class, false) != null) {
			return true;
		}
		// A @Bean method read from its metadata: the bean factory finds annotations on a
		// factory method only once it has resolved the method.
		BeanDefinition definition = this.beanFactory.getBeanDefinition(name);
		MethodMetadata factoryMethod = (definition instanceof AnnotatedBeanDefinition annotated)
				? annotated.getFactoryMethodMetadata() : null;
		return factoryMethod != null && factoryMethod.isAnnotated(IpcWorkerStartup.class.getName());
	}

	/**
	 * Returns whether a bean instance is opted in: by its definition, or by its class
	 * when it has none (an inner bean).
	 * @param bean the bean
	 * @param beanName its name
	 * @return whether it starts in workers too
	 */
	boolean isOptedIn(Object bean, String beanName) {
		if (this.beanFactory.containsBeanDefinition(beanName)) {
			return isOptedIn(beanName);
		}
		return AnnotatedElementUtils.hasAnnotation(ClassUtils.getUserClass(bean), IpcWorkerStartup.class);
	}

	/**
	 * Returns whether a listener may handle the application's started and ready events in
	 * a worker: the listeners of {@code SpringApplication} itself do; those of the
	 * application's beans ({@code ApplicationListener} beans and {@code @EventListener}
	 * methods) only when opted in.
	 * @param listener the listener
	 * @return whether it may handle the event
	 */
	boolean mayHandleStartupEvent(ApplicationListener<?> listener) {
		if (listener instanceof ApplicationListenerMethodAdapter method) {
			// The adapter does not tell its bean: any opted-in bean of a type that has
			// the method opts it in.
			Class<?> declaringClass = method.getTargetMethod().getDeclaringClass();
			return optedInTypes().stream().anyMatch(declaringClass::isAssignableFrom);
		}
		String beanName = beanNameOf(listener);
		return beanName == null || isOptedIn(beanName);
	}

	private @Nullable String beanNameOf(ApplicationListener<?> listener) {
		for (String name : this.beanFactory.getBeanNamesForType(ApplicationListener.class, true, false)) {
			if (this.beanFactory.containsSingleton(name) && this.beanFactory.getSingleton(name) == listener) {
				return name;
			}
		}
		return null;
	}

	private Set<Class<?>> optedInTypes() {
		Set<Class<?>> types = this.optedInTypes;
		if (types == null) {
			types = new HashSet<>();
			for (String name : this.beanFactory.getBeanDefinitionNames()) {
				Class<?> type = isOptedIn(name) ? this.beanFactory.getType(name, false) : null;
				if (type != null) {
					types.add(ClassUtils.getUserClass(type));
				}
			}
			this.optedInTypes = types;
		}
		return types;
	}

	/**
	 * Returns the name of the worker bean of a group: the {@link IpcWorker @IpcWorker}
	 * bean whose annotation names the group, or whose bean name is the group.
	 * @param beanFactory the bean factory
	 * @param group the group
	 * @return the bean name
	 * @throws ApplicationContextException when the application has no such bean
	 */
	public static String workerBeanName(ConfigurableListableBeanFactory beanFactory, String group) {
		for (String name : beanFactory.getBeanDefinitionNames()) {
			Class<?> type = beanFactory.getType(name, false);
			if (type == null) {
				continue;
			}
			IpcWorker annotation = AnnotatedElementUtils.findMergedAnnotation(ClassUtils.getUserClass(type),
					IpcWorker.class);
			if (annotation != null
					&& group.equals(StringUtils.hasText(annotation.group()) ? annotation.group() : name)) {
				return name;
			}
		}
		throw new ApplicationContextException(
				"This worker serves ipc-worker group '" + group + "', and the application has no @IpcWorker bean of "
						+ "that group (a worker host names its group in ipc.worker.remote.group)");
	}

}
