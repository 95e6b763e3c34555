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
package io.github.ipcworker.transport.zmq;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * A {@code tcp://host:port} endpoint, split and checked. No name is looked up: whether an
 * endpoint stays on this machine is decided from its text alone.
 *
 * @param host the host as written, IPv6 literals without their brackets; {@code *} for
 * every interface
 * @param port the port, or {@code *} for one the system picks
 */
record ZmqEndpoint(String host, String port) {

	/**
	 * The only scheme the transport binds or connects: see {@link ZmqTransport} for why
	 * not {@code ipc://}.
	 */
	static final String TCP_SCHEME = "tcp://";

	private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

	private static final Pattern PORT = Pattern.compile("\\*|\\d{1,5}");

	/**
	 * Parses an endpoint.
	 * @param endpoint the endpoint text
	 * @param property the property it came from, for the error message
	 * @return the endpoint
	 * @throws IllegalArgumentException when it is not a {@code tcp://host:port} endpoint
	 */
	static ZmqEndpoint parse(String endpoint, String property) {
		if (!endpoint.startsWith(TCP_SCHEME)) {
			throw new IllegalArgumentException(
					property + "=" + endpoint + " is not a tcp://host:port endpoint"
							+ (endpoint.startsWith("ipc://")
									? ": JeroMQ's ipc:// is loopback TCP on a port derived from the"
											+ " name, which another local process can take first; use tcp://127.0.0.1:*"
									: ""));
		}
		String address = endpoint.substring(TCP_SCHEME.length());
		int colon = address.lastIndexOf(':');
		if (colon <= 0) {
			throw new IllegalArgumentException(property + "=" + endpoint + " has no port: write tcp://host:port,"
					+ " with * as the port for one the system picks");
		}
		String host = address.substring(0, colon);
		String port = address.substring(colon + 1);
		if (host.startsWith("[") && host.endsWith("]")) {
			host = host.substring(1, host.length() - 1);
		}
		else if (host.indexOf(':') >= 0) {
			throw new IllegalArgumentException(property + "=" + endpoint
					+ " has an IPv6 address without brackets: write tcp://[" + host + "]:port");
		}
		if (host.isEmpty() || !PORT.matcher(port).matches()
				|| (!port.equals("*") && (Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535))) {
			throw new IllegalArgumentException(property + "=" + endpoint + " is not a tcp://host:port endpoint");
		}
		return new ZmqEndpoint(host, port);
	}

	/**
	 * Returns whether the endpoint can only be reached from this machine: its host is
	 * {@code localhost} or an address literal in {@code 127.0.0.0/8} or {@code ::1}. Host
	 * names are not looked up, so any other name counts as reachable from elsewhere.
	 * @return whether it is a loopback endpoint
	 */
	boolean isLoopback() {
		if (this.host.toLowerCase(Locale.ROOT).equals("localhost")) {
			return true;
		}
		InetAddress address = literalAddress();
		return address != null && address.isLoopbackAddress();
	}

	/**
	 * Returns whether the host is an IPv6 address literal, for which JeroMQ sockets need
	 * IPv6 turned on.
	 * @return whether it is IPv6
	 */
	boolean isIpv6() {
		return this.host.indexOf(':') >= 0;
	}

	/**
	 * Returns where a worker on this machine connects to reach a socket bound here: the
	 * same endpoint, with loopback in place of a wildcard host.
	 * @return the endpoint to connect to
	 */
	String localConnectEndpoint() {
		String host = this.host;
		InetAddress address = literalAddress();
		if (host.equals("*") || (address != null && address.isAnyLocalAddress())) {
			host = isIpv6() ? "::1" : "127.0.0.1";
		}
		return new ZmqEndpoint(host, this.port).toString();
	}

	private @Nullable InetAddress literalAddress() {
		if (!isIpv6() && !IPV4_LITERAL.matcher(this.host).matches()) {
			return null;
		}
		try {
			// An address literal is parsed, never looked up.
			return InetAddress.getByName(this.host);
		}
		catch (UnknownHostException ex) {
			return null;
		}
	}

	@Override
	public String toString() {
		return TCP_SCHEME + (isIpv6() ? "[" + this.host + "]" : this.host) + ":" + this.port;
	}

}
