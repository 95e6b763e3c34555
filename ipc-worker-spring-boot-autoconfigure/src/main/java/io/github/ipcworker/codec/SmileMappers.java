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
package io.github.ipcworker.codec;

import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationConfig;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.smile.SmileMapper;

/**
 * Builds Smile mappers. A class of its own so that the Smile classes are loaded only when
 * the Smile format is chosen: the dependency is optional.
 */
final class SmileMappers {

	private SmileMappers() {
	}

	/**
	 * Builds a Smile mapper that reads and writes values as a JSON mapper does: its
	 * modules, features, naming strategy, inclusion, visibility, time zone and locale;
	 * default typing off.
	 * @param json the JSON mapper
	 * @return the Smile mapper
	 */
	static ObjectMapper like(JsonMapper json) {
		SerializationConfig writing = json.serializationConfig();
		DeserializationConfig reading = json.deserializationConfig();
		SmileMapper.Builder builder = SmileMapper.builder();
		// JsonMapper has no way to hand its builder state to another format's builder,
		// so what the application can set through Boot's spring.jackson.* and modules is
		// copied one by one.
		builder.addModules(json.registeredModules());
		for (MapperFeature feature : MapperFeature.values()) {
			builder.configure(feature, writing.isEnabled(feature));
		}
		for (SerializationFeature feature : SerializationFeature.values()) {
			builder.configure(feature, writing.isEnabled(feature));
		}
		for (DeserializationFeature feature : DeserializationFeature.values()) {
			builder.configure(feature, reading.isEnabled(feature));
		}
		for (DateTimeFeature feature : DateTimeFeature.values()) {
			builder.configure(feature, writing.isEnabled(feature));
		}
		for (EnumFeature feature : EnumFeature.values()) {
			builder.configure(feature, writing.isEnabled(feature));
		}
		for (JsonNodeFeature feature : JsonNodeFeature.values()) {
			builder.configure(feature, writing.isEnabled(feature));
		}
		if (writing.getPropertyNamingStrategy() != null) {
			builder.propertyNamingStrategy(writing.getPropertyNamingStrategy());
		}
		builder.changeDefaultPropertyInclusion((inclusion) -> writing.getDefaultPropertyInclusion());
		builder.changeDefaultVisibility((visibility) -> writing.getDefaultVisibilityChecker());
		builder.defaultTimeZone(writing.getTimeZone());
		builder.defaultLocale(writing.getLocale());
		builder.defaultDateFormat(writing.getDateFormat());
		return builder.deactivateDefaultTyping().build();
	}

}
