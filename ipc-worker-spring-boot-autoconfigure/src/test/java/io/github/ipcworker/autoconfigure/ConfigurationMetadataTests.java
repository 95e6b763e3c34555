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

import java.beans.PropertyDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.BeanUtils;
import org.springframework.beans.BeanWrapper;
import org.springframework.beans.BeanWrapperImpl;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks the configuration metadata an IDE reads, as the build wrote it (the processor's
 * output merged with additional-spring-configuration-metadata.json): every
 * {@code ipc.worker.*} key is described, states its default when the Java code has one
 * (and states the same one), enum-valued keys list their values, and the description of a
 * map of per-group settings names every key of a group. The checks are derived from the
 * metadata and the properties classes, so a new property is checked without a change
 * here.
 */
class ConfigurationMetadataTests {

	private static final String PREFIX = "ipc.worker.";

	private static final String METADATA = "META-INF/spring-configuration-metadata.json";

	private static Map<String, Object> metadata;

	@BeforeAll
	static void readMetadata() throws IOException {
		// The build output of this module, not the metadata of Spring Boot's own jars.
		URL ours = null;
		for (URL url : Collections.list(ConfigurationMetadataTests.class.getClassLoader().getResources(METADATA))) {
			if ("file".equals(url.getProtocol())) {
				ours = url;
			}
		}
		assertThat(ours).as("%s in the build output", METADATA).isNotNull();
		try (InputStream in = ours.openStream()) {
			metadata = JsonMapper.builder().build().readValue(in, Map.class);
		}
	}

	@Test
	void everyPropertyHasADescription() {
		List<String> undescribed = new ArrayList<>();
		for (Map<String, Object> property : ourProperties()) {
			Object description = property.get("description");
			if (!(description instanceof String text) || text.isBlank()) {
				undescribed.add(name(property));
			}
		}
		assertThat(undescribed).as("properties without a description").isEmpty();
	}

	@Test
	void everyPropertyWithAJavaDefaultStatesIt() {
		List<String> problems = new ArrayList<>();
		int checked = 0;
		for (Map<String, Object> property : ourProperties()) {
			Optional<Object> javaDefault = javaDefault(name(property));
			if (javaDefault == null) {
				// Not bound to a field of a properties class (declared by hand): nothing
				// to compare with.
				continue;
			}
			checked++;
			Object value = javaDefault.orElse(null);
			Object stated = property.get("defaultValue");
			if (value == null || value instanceof Map) {
				// No default, or a map, whose entries are keys rather than a value.
				continue;
			}
			if (stated == null) {
				problems.add(name(property) + ": no defaultValue, the Java default is " + value);
			}
			else if (!sameValue(stated, value)) {
				problems.add(name(property) + ": defaultValue " + stated + " but the Java default is " + value);
			}
		}
		assertThat(checked).as("properties compared with their Java default").isGreaterThan(10);
		assertThat(problems).isEmpty();
	}

	@Test
	void everyEnumPropertyHasDescribedValueHints() {
		List<String> problems = new ArrayList<>();
		List<String> enums = new ArrayList<>();
		for (Map<String, Object> property : ourProperties()) {
			Class<?> type = resolve((String) property.get("type"));
			if (type == null || !type.isEnum()) {
				continue;
			}
			enums.add(name(property));
			Map<String, Object> hint = hint(name(property));
			List<Map<String, Object>> values = (hint != null) ? list(hint.get("values")) : List.of();
			for (Object constant : type.getEnumConstants()) {
				String value = ((Enum<?>) constant).name().toLowerCase(Locale.ROOT).replace('_', '-');
				boolean described = values.stream()
					.anyMatch((v) -> value.equals(v.get("value")) && v.get("description") instanceof String d
							&& !d.isBlank());
				if (!described) {
					problems.add(name(property) + ": no described hint for " + value);
				}
			}
		}
		assertThat(enums).contains(PREFIX + "transport", PREFIX + "mode");
		assertThat(problems).isEmpty();
	}

	@Test
	void mapsOfNestedSettingsNameEveryKeyInTheirDescription() {
		List<String> problems = new ArrayList<>();
		List<String> maps = new ArrayList<>();
		for (Map<String, Object> property : ourProperties()) {
			String type = (String) property.get("type");
			if (type == null || !type.startsWith("java.util.Map<java.lang.String,")) {
				continue;
			}
			Class<?> valueType = resolve(type.substring(type.indexOf(',') + 1, type.length() - 1));
			if (valueType == null || !valueType.getName().startsWith("io.github.ipcworker.")) {
				continue;
			}
			maps.add(name(property));
			String description = String.valueOf(property.get("description"));
			for (PropertyDescriptor descriptor : BeanUtils.getPropertyDescriptors(valueType)) {
				if (descriptor.getReadMethod() == null || "class".equals(descriptor.getName())) {
					continue;
				}
				String key = kebab(descriptor.getName());
				if (!Pattern.compile("(?<![\\w-])" + Pattern.quote(key) + "(?![\\w-])").matcher(description).find()) {
					problems.add(name(property) + ": its description does not name " + key);
				}
			}
		}
		assertThat(maps).contains(PREFIX + "groups");
		assertThat(problems).isEmpty();
	}

	/**
	 * Returns the default a property gets from its properties class.
	 * @param name the property's name
	 * @return the default (empty for null), or null when no properties class binds it
	 */
	private static Optional<Object> javaDefault(String name) {
		for (Map<String, Object> group : list(metadata.get("groups"))) {
			String prefix = (String) group.get("name");
			Class<?> type = resolve((String) group.get("type"));
			if (group.get("sourceMethod") != null || type == null
					|| !type.isAnnotationPresent(ConfigurationProperties.class) || !name.startsWith(prefix + ".")) {
				continue;
			}
			StringBuilder path = new StringBuilder();
			for (String segment : name.substring(prefix.length() + 1).split("\\.")) {
				path.append((path.length() > 0) ? "." : "").append(camel(segment));
			}
			BeanWrapper wrapper = new BeanWrapperImpl(BeanUtils.instantiateClass(type));
			if (wrapper.isReadableProperty(path.toString())) {
				return Optional.ofNullable(wrapper.getPropertyValue(path.toString()));
			}
		}
		return null;
	}

	private static boolean sameValue(Object stated, Object javaDefault) {
		if (javaDefault instanceof Collection<?> collection) {
			return stated instanceof List<?> list && list.stream()
				.map(String::valueOf)
				.toList()
				.equals(collection.stream().map(String::valueOf).toList());
		}
		Object converted = ApplicationConversionService.getSharedInstance()
			.convert(String.valueOf(stated), javaDefault.getClass());
		return javaDefault.equals(converted);
	}

	private static List<Map<String, Object>> ourProperties() {
		List<Map<String, Object>> ours = list(metadata.get("properties")).stream()
			.filter((property) -> name(property).startsWith(PREFIX))
			.toList();
		assertThat(ours).isNotEmpty();
		return ours;
	}

	private static Map<String, Object> hint(String name) {
		return list(metadata.get("hints")).stream().filter((h) -> name.equals(h.get("name"))).findFirst().orElse(null);
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> list(Object value) {
		return (value != null) ? (List<Map<String, Object>>) value : List.of();
	}

	private static String name(Map<String, Object> item) {
		return (String) item.get("name");
	}

	private static Class<?> resolve(String type) {
		if (type == null || type.contains("<")) {
			return null;
		}
		try {
			return ClassUtils.forName(type, ConfigurationMetadataTests.class.getClassLoader());
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return null;
		}
	}

	private static String camel(String kebab) {
		StringBuilder camel = new StringBuilder();
		boolean upper = false;
		for (char c : kebab.toCharArray()) {
			if (c == '-') {
				upper = true;
			}
			else {
				camel.append(upper ? Character.toUpperCase(c) : c);
				upper = false;
			}
		}
		return camel.toString();
	}

	private static String kebab(String camel) {
		return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
	}

}
