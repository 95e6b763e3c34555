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
package io.github.ipcworker.process;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * What a worker process needs to know to start, handed over on its standard input before
 * anything else, so that nothing of it lands in a file or on a command line.
 * <p>
 * On the wire: a 4-byte big-endian length, then that many bytes of
 * {@link Properties#store(OutputStream, String) properties text}. The parent keeps the
 * pipe open afterwards: its end-of-file tells the worker that the parent is gone.
 *
 * @param group the group name
 * @param workerIndex the worker's index in the group
 * @param parentPid the parent's process id
 * @param beanName the name of the worker bean to serve
 * @param primarySource the class name of the application's primary source
 * @param maxMessageSize the largest frame either way, in bytes
 * @param linkSettings the settings of the worker's link, from the transport
 * @param properties configuration properties to add to the worker's environment, on top
 * of its own
 * @param arguments the application's program arguments, which the worker hands to
 * {@code SpringApplication}: here rather than on the worker's command line, which every
 * local user can read
 * @param systemProperties the system properties the worker sets before its application
 * starts, for the same reason
 */
public record LaunchSpec(String group, int workerIndex, long parentPid, String beanName, String primarySource,
		int maxMessageSize, Map<String, String> linkSettings, Map<String, String> properties, List<String> arguments,
		Map<String, String> systemProperties) {

	/**
	 * Largest encoded spec accepted, so a corrupt length cannot make the worker allocate
	 * GBs.
	 */
	public static final int MAX_LENGTH = 4 * 1024 * 1024;

	private static final String LINK_PREFIX = "link.";

	private static final String PROPERTY_PREFIX = "property.";

	private static final String ARGUMENT_PREFIX = "argument.";

	private static final String SYSTEM_PROPERTY_PREFIX = "system.";

	/**
	 * Creates a spec; the maps and the list are copied.
	 */
	public LaunchSpec {
		linkSettings = Map.copyOf(linkSettings);
		properties = Map.copyOf(properties);
		arguments = List.copyOf(arguments);
		systemProperties = Map.copyOf(systemProperties);
	}

	/**
	 * Creates a spec without program arguments and system properties.
	 * @param group the group name
	 * @param workerIndex the worker's index in the group
	 * @param parentPid the parent's process id
	 * @param beanName the name of the worker bean to serve
	 * @param primarySource the class name of the application's primary source
	 * @param maxMessageSize the largest frame either way, in bytes
	 * @param linkSettings the settings of the worker's link, from the transport
	 * @param properties configuration properties to add to the worker's environment
	 */
	public LaunchSpec(String group, int workerIndex, long parentPid, String beanName, String primarySource,
			int maxMessageSize, Map<String, String> linkSettings, Map<String, String> properties) {
		this(group, workerIndex, parentPid, beanName, primarySource, maxMessageSize, linkSettings, properties,
				List.of(), Map.of());
	}

	/**
	 * Writes this spec, length first.
	 * @param out the worker's standard input
	 * @throws IOException when writing fails
	 */
	public void writeTo(OutputStream out) throws IOException {
		Properties all = new Properties();
		all.setProperty("group", this.group);
		all.setProperty("workerIndex", Integer.toString(this.workerIndex));
		all.setProperty("parentPid", Long.toString(this.parentPid));
		all.setProperty("beanName", this.beanName);
		all.setProperty("primarySource", this.primarySource);
		all.setProperty("maxMessageSize", Integer.toString(this.maxMessageSize));
		this.linkSettings.forEach((key, value) -> all.setProperty(LINK_PREFIX + key, value));
		this.properties.forEach((key, value) -> all.setProperty(PROPERTY_PREFIX + key, value));
		// Numbered, as properties text keeps no order.
		for (int i = 0; i < this.arguments.size(); i++) {
			all.setProperty(ARGUMENT_PREFIX + i, this.arguments.get(i));
		}
		this.systemProperties.forEach((key, value) -> all.setProperty(SYSTEM_PROPERTY_PREFIX + key, value));
		ByteArrayOutputStream text = new ByteArrayOutputStream();
		all.store(text, null);
		DataOutputStream data = new DataOutputStream(out);
		data.writeInt(text.size());
		text.writeTo(data);
		data.flush();
	}

	/**
	 * Reads a spec written by {@link #writeTo(OutputStream)}, consuming exactly its
	 * bytes.
	 * @param in the worker's standard input
	 * @return the spec
	 * @throws IOException when the input ends early or does not hold a spec
	 */
	public static LaunchSpec readFrom(InputStream in) throws IOException {
		DataInputStream data = new DataInputStream(in);
		int length = data.readInt();
		if (length < 0 || length > MAX_LENGTH) {
			throw new IOException("bad launch spec length: length=" + length);
		}
		byte[] text = data.readNBytes(length);
		if (text.length != length) {
			throw new EOFException("launch spec cut short: expected=" + length + " actual=" + text.length);
		}
		Properties all = new Properties();
		all.load(new ByteArrayInputStream(text));
		Map<String, String> link = new LinkedHashMap<>();
		Map<String, String> properties = new LinkedHashMap<>();
		Map<String, String> systemProperties = new LinkedHashMap<>();
		for (String key : all.stringPropertyNames()) {
			if (key.startsWith(LINK_PREFIX)) {
				link.put(key.substring(LINK_PREFIX.length()), all.getProperty(key));
			}
			else if (key.startsWith(PROPERTY_PREFIX)) {
				properties.put(key.substring(PROPERTY_PREFIX.length()), all.getProperty(key));
			}
			else if (key.startsWith(SYSTEM_PROPERTY_PREFIX)) {
				systemProperties.put(key.substring(SYSTEM_PROPERTY_PREFIX.length()), all.getProperty(key));
			}
		}
		List<String> arguments = new ArrayList<>();
		for (String argument = all.getProperty(ARGUMENT_PREFIX + 0); argument != null; argument = all
			.getProperty(ARGUMENT_PREFIX + arguments.size())) {
			arguments.add(argument);
		}
		return new LaunchSpec(required(all, "group"), Integer.parseInt(required(all, "workerIndex")),
				Long.parseLong(required(all, "parentPid")), required(all, "beanName"), required(all, "primarySource"),
				Integer.parseInt(required(all, "maxMessageSize")), link, properties, arguments, systemProperties);
	}

	/**
	 * Describes the spec without its values: link settings, properties, arguments and
	 * system properties may hold secrets, such as a CURVE secret key, so only their names
	 * or counts are shown.
	 * @return the description
	 */
	@Override
	public String toString() {
		return "LaunchSpec[group=" + this.group + ", workerIndex=" + this.workerIndex + ", parentPid=" + this.parentPid
				+ ", beanName=" + this.beanName + ", primarySource=" + this.primarySource + ", maxMessageSize="
				+ this.maxMessageSize + ", linkSettings=" + redacted(this.linkSettings) + ", properties="
				+ redacted(this.properties) + ", arguments=" + this.arguments.size() + " (****), systemProperties="
				+ redacted(this.systemProperties) + "]";
	}

	private static String redacted(Map<String, String> values) {
		Map<String, String> redacted = new TreeMap<>();
		values.keySet().forEach((key) -> redacted.put(key, "****"));
		return redacted.toString();
	}

	private static String required(Properties all, String key) throws IOException {
		String value = all.getProperty(key);
		if (value == null) {
			throw new IOException("launch spec lacks '" + key + "'");
		}
		return value;
	}

}
