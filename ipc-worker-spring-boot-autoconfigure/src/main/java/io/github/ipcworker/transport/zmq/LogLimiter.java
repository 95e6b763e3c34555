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

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * Keeps a log line about the same subject, say the same refused key, to one a minute,
 * counting those left out: a misconfigured worker host retries many times a second. Used
 * by one thread.
 */
final class LogLimiter {

	/** Least time between two lines about the same subject, in nanoseconds. */
	static final long INTERVAL_NS = TimeUnit.MINUTES.toNanos(1);

	/** Subjects remembered at most; then all are forgotten at once. */
	private static final int MAX_SUBJECTS = 1024;

	private final Map<String, Subject> subjects = new HashMap<>();

	/**
	 * Decides whether to log a line about a subject now.
	 * @param subject what the line is about
	 * @return {@code null} to leave the line out, otherwise what to append to it: nothing
	 * the first time, the count of lines left out since the last one afterwards
	 */
	@Nullable String admit(String subject) {
		long nowNs = System.nanoTime();
		Subject seen = this.subjects.get(subject);
		if (seen == null) {
			if (this.subjects.size() >= MAX_SUBJECTS) {
				this.subjects.clear();
			}
			this.subjects.put(subject, new Subject(nowNs));
			return "";
		}
		if (nowNs - seen.loggedAtNs < INTERVAL_NS) {
			seen.leftOut++;
			return null;
		}
		String suffix = " (" + seen.leftOut + " more times since the last report)";
		seen.loggedAtNs = nowNs;
		seen.leftOut = 0;
		return suffix;
	}

	/**
	 * Lines about one subject.
	 */
	private static final class Subject {

		long loggedAtNs;

		long leftOut;

		Subject(long loggedAtNs) {
			this.loggedAtNs = loggedAtNs;
		}

	}

}
