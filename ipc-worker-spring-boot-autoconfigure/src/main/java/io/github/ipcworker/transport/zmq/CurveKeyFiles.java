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

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Reads CURVE keys from files, so that a secret key need not be on a command line, which
 * every local user can read. A key file holds one Z85 key; an authorized-keys file holds
 * one public key a line. Blank lines and lines starting with {@code #} are ignored.
 * <p>
 * A secret key file that other users may read or write is refused, as OpenSSH refuses
 * such a private key: a warning would let the application run with a key that is already
 * out, and the fix ({@code chmod 600}) is one command. Messages name the property and the
 * file, never the contents.
 */
public final class CurveKeyFiles {

	private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
			PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

	private CurveKeyFiles() {
	}

	/**
	 * Returns a secret key given either as a value or in a file.
	 * @param key the value of the key property, or {@code null}
	 * @param keyProperty the name of the key property
	 * @param file the value of the file property, or {@code null}
	 * @param fileProperty the name of the file property
	 * @return the key, or {@code null} when neither is set
	 * @throws IllegalArgumentException when both are set, or the file cannot be read, is
	 * open to other users or does not hold exactly one key, naming the properties
	 */
	public static @Nullable String secretKey(@Nullable String key, String keyProperty, @Nullable Path file,
			String fileProperty) {
		boolean hasKey = key != null && !key.isBlank();
		if (file == null) {
			return hasKey ? key : null;
		}
		if (hasKey) {
			throw new IllegalArgumentException(
					"both " + keyProperty + " and " + fileProperty + " are set: set only one of them");
		}
		requireFile(file, fileProperty);
		checkOwnerOnly(file, fileProperty);
		List<String> keys = keys(file, fileProperty);
		if (keys.size() != 1) {
			throw new IllegalArgumentException(
					fileProperty + "=" + file + " must hold exactly one key, and holds " + keys.size());
		}
		return keys.get(0);
	}

	/**
	 * Returns the authorized public keys given as values and in a file, both.
	 * @param keys the values of the keys property
	 * @param file the value of the file property, or {@code null}
	 * @param fileProperty the name of the file property
	 * @return the keys, those given as values first
	 * @throws IllegalArgumentException when the file cannot be read, naming the property
	 */
	public static List<String> authorizedKeys(List<String> keys, @Nullable Path file, String fileProperty) {
		List<String> all = new ArrayList<>(keys);
		if (file != null) {
			all.addAll(keys(file, fileProperty));
		}
		return all;
	}

	private static void requireFile(Path file, String fileProperty) {
		if (!Files.isRegularFile(file)) {
			throw new IllegalArgumentException(fileProperty + "=" + file + " is not a file");
		}
	}

	private static List<String> keys(Path file, String fileProperty) {
		requireFile(file, fileProperty);
		List<String> lines;
		try {
			lines = Files.readAllLines(file, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			// The exception's message is the path or the reason, never the contents.
			throw new IllegalArgumentException(
					fileProperty + "=" + file + " cannot be read: " + ex.getClass().getSimpleName(), ex);
		}
		List<String> keys = new ArrayList<>();
		for (String line : lines) {
			String trimmed = line.strip();
			if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
				keys.add(trimmed);
			}
		}
		return keys;
	}

	private static void checkOwnerOnly(Path file, String fileProperty) {
		PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
		if (view == null) {
			// Not a POSIX file system (Windows): its ACLs are the user's to set.
			return;
		}
		Set<PosixFilePermission> permissions;
		try {
			permissions = view.readAttributes().permissions();
		}
		catch (IOException ex) {
			throw new IllegalArgumentException(
					fileProperty + "=" + file + " cannot be read: " + ex.getClass().getSimpleName(), ex);
		}
		if (permissions.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
			throw new IllegalArgumentException(fileProperty + "=" + file + " holds a secret key, and other users may"
					+ " read or change it (" + PosixFilePermissions.toString(permissions)
					+ "): make it the owner's only, such as with chmod 600 " + file);
		}
	}

}
