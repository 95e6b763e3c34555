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

import java.io.PrintStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.Arrays;

import javax.crypto.KeyAgreement;

import org.zeromq.ZMQ;

/**
 * A CURVE key pair, each key written in Z85, the 40-character text form ZeroMQ and the
 * {@code ipc.worker.zmq.*} properties use. The public key may be shown and copied; the
 * secret key is never printed by {@link #toString()}.
 *
 * <p>
 * Run as a program, it prints a fresh key pair in property format: for a group's
 * application with {@code server} (the default), for a worker host with {@code worker}.
 * With an application's class path:
 *
 * <pre>
 * java -cp &lt;class path&gt; io.github.ipcworker.transport.zmq.CurveKeys [server|worker]
 * </pre>
 *
 * From a Spring Boot fat jar, through its launcher:
 *
 * <pre>
 * java -cp app.jar -Dloader.main=io.github.ipcworker.transport.zmq.CurveKeys \
 *     org.springframework.boot.loader.launch.PropertiesLauncher [server|worker]
 * </pre>
 *
 * The output goes to standard output only: redirect it into a file readable by its owner
 * alone, or paste it into a secret store. Z85 uses characters that YAML treats specially,
 * such as {@code &}, {@code *}, {@code @} and {@code :}: quote keys in YAML files. It
 * also uses {@code $}, {@code &#123;} and {@code &#125;}, so a key could hold a Spring
 * property placeholder; the keys printed here never hold {@code $&#123;}, but keys made
 * by other tools might.
 */
public final class CurveKeys {

	/** Length of a key in bytes. */
	public static final int KEY_LENGTH = 32;

	/** Length of a key in Z85 text. */
	public static final int Z85_KEY_LENGTH = 40;

	private static final String Z85_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			+ ".-:+=^!/*?&<>()[]{}@%$#";

	/**
	 * Curve25519's base point (u = 9): a secret key times it is its public key.
	 */
	private static final BigInteger BASE_POINT = BigInteger.valueOf(9);

	private final String publicKey;

	private final String secretKey;

	/**
	 * Creates a key pair from its two keys.
	 * @param publicKey the public key in Z85
	 * @param secretKey the secret key in Z85
	 * @throws IllegalArgumentException when a key is not a Z85 CURVE key or the public
	 * key is not the secret key's
	 */
	public CurveKeys(String publicKey, String secretKey) {
		byte[] secret = decode(secretKey, "secret key");
		decode(publicKey, "public key");
		if (!publicKeyOf(secret).equals(publicKey)) {
			throw new IllegalArgumentException(
					"the public key " + publicKey + " does not belong to the secret key given with it");
		}
		this.publicKey = publicKey;
		this.secretKey = secretKey;
	}

	/**
	 * Makes a fresh key pair.
	 * @return the key pair
	 */
	public static CurveKeys generate() {
		ZMQ.Curve.KeyPair pair = ZMQ.Curve.generateKeyPair();
		return new CurveKeys(pair.publicKey, pair.secretKey);
	}

	/**
	 * Returns the public key.
	 * @return the public key in Z85
	 */
	public String publicKey() {
		return this.publicKey;
	}

	/**
	 * Returns the secret key.
	 * @return the secret key in Z85
	 */
	public String secretKey() {
		return this.secretKey;
	}

	@Override
	public String toString() {
		return "CurveKeys[publicKey=" + this.publicKey + ", secretKey=****]";
	}

	/**
	 * Checks that a text is a CURVE key in Z85 and decodes it.
	 * @param key the key in Z85
	 * @param what what the key is, for the error message
	 * @return the key's 32 bytes
	 * @throws IllegalArgumentException when it is not
	 */
	static byte[] decode(String key, String what) {
		if (key.length() != Z85_KEY_LENGTH) {
			throw new IllegalArgumentException("the " + what + " is not a CURVE key: expected " + Z85_KEY_LENGTH
					+ " Z85 characters, found " + key.length());
		}
		for (int i = 0; i < key.length(); i++) {
			if (Z85_ALPHABET.indexOf(key.charAt(i)) < 0) {
				// Not even one character of a secret key goes into a message, which may
				// be
				// logged.
				String character = what.contains("secret") ? "****" : "'" + key.charAt(i) + "'";
				throw new IllegalArgumentException("the " + what + " is not a CURVE key: character " + character
						+ " at index " + i + " is not Z85");
			}
		}
		byte[] bytes = ZMQ.Curve.z85Decode(key);
		if (bytes == null || bytes.length != KEY_LENGTH) {
			throw new IllegalArgumentException("the " + what + " is not a CURVE key");
		}
		return bytes;
	}

	/**
	 * Computes the public key of a secret key with the JDK's X25519, which is the same
	 * Curve25519 scalar multiplication CurveZMQ uses.
	 */
	private static String publicKeyOf(byte[] secret) {
		try {
			KeyFactory factory = KeyFactory.getInstance("X25519");
			PrivateKey privateKey = factory.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, secret));
			PublicKey basePoint = factory.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, BASE_POINT));
			KeyAgreement agreement = KeyAgreement.getInstance("X25519");
			agreement.init(privateKey);
			agreement.doPhase(basePoint, true);
			byte[] publicKey = agreement.generateSecret();
			return ZMQ.Curve.z85Encode(publicKey);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalArgumentException("the secret key is not a usable CURVE key: " + ex.getMessage(), ex);
		}
		finally {
			Arrays.fill(secret, (byte) 0);
		}
	}

	/**
	 * Prints a fresh key pair in property format.
	 * @param args {@code server} (the default) for a group's application, {@code worker}
	 * for a worker host
	 */
	public static void main(String[] args) {
		String role = (args.length > 0) ? args[0] : "server";
		PrintStream out = System.out;
		CurveKeys keys = generate();
		while ((keys.publicKey() + " " + keys.secretKey()).contains("${")) {
			// Spring would read it as the start of a property placeholder.
			keys = generate();
		}
		if (role.equals("server")) {
			out.println("# CURVE key pair of an ipc-worker group's application. Keep the secret key secret;");
			out.println("# give the public key to each worker host as " + ZmqOptions.SERVER_PUBLIC_KEY_PROPERTY + ".");
			out.println(ZmqOptions.SERVER_PUBLIC_KEY_PROPERTY + "=" + keys.publicKey());
			out.println(ZmqOptions.SERVER_SECRET_KEY_PROPERTY + "=" + keys.secretKey());
		}
		else if (role.equals("worker")) {
			out.println("# CURVE key pair of an ipc-worker worker host. Keep the secret key secret;");
			out.println("# add the public key to the application's " + ZmqOptions.AUTHORIZED_KEYS_PROPERTY + ".");
			out.println(ZmqOptions.WORKER_PUBLIC_KEY_PROPERTY + "=" + keys.publicKey());
			out.println(ZmqOptions.WORKER_SECRET_KEY_PROPERTY + "=" + keys.secretKey());
		}
		else {
			System.err.println("usage: CurveKeys [server|worker]");
			System.exit(2);
		}
	}

}
