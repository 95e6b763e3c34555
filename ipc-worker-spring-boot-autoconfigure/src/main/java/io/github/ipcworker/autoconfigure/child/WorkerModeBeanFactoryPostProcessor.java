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

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.CommandLineRunner;

/**
 * Takes the application's {@link CommandLineRunner} and {@link ApplicationRunner} beans
 * out of a worker's context: they belong to the application, which already ran them.
 * Spring Boot has no switch for runners, so their definitions are removed before any bean
 * is created.
 */
public final class WorkerModeBeanFactoryPostProcessor implements BeanFactoryPostProcessor {

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
	}

}
