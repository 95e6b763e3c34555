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
package io.github.ipcworker.child;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Ends the worker process when its parent dies, even by {@code kill -9}. Two signals:
 * <ul>
 * <li>end-of-file on standard input, which the parent holds open for the worker's whole
 * life: seen within milliseconds of the parent's death, since the kernel closes the
 * parent's end of the pipe;</li>
 * <li>{@link ProcessHandle#onExit()} of the parent's pid, polled by the JDK every few
 * hundred milliseconds to seconds: a backup in case the pipe is inherited elsewhere.</li>
 * </ul>
 * The first one runs the given action once.
 */
public final class ParentWatcher {

	private static final Log logger = LogFactory.getLog(ParentWatcher.class);

	private final AtomicBoolean fired = new AtomicBoolean();

	private final Runnable onParentGone;

	private ParentWatcher(Runnable onParentGone) {
		this.onParentGone = onParentGone;
	}

	/**
	 * Starts watching.
	 * @param stdin the process's standard input, positioned after the launch spec
	 * @param parentPid the parent's pid
	 * @param onParentGone what to do when the parent is gone; run once, on a watcher
	 * thread
	 * @return the watcher
	 */
	public static ParentWatcher start(InputStream stdin, long parentPid, Runnable onParentGone) {
		ParentWatcher watcher = new ParentWatcher(onParentGone);
		Thread reader = new Thread(() -> watcher.readToEnd(stdin), "ipc-worker-parent-watch");
		reader.setDaemon(true);
		reader.start();
		ProcessHandle.of(parentPid)
			.ifPresentOrElse(
					(parent) -> parent.onExit()
						.thenRun(() -> watcher.fire("the parent process " + parentPid + " exited")),
					() -> watcher.fire("the parent process " + parentPid + " is not running"));
		return watcher;
	}

	private void readToEnd(InputStream stdin) {
		byte[] sink = new byte[256];
		try {
			while (stdin.read(sink) != -1) {
				// The parent never writes after the spec; anything here is ignored.
			}
		}
		catch (IOException ex) {
			// A broken pipe means the same as end-of-file.
		}
		fire("standard input closed");
	}

	private void fire(String reason) {
		if (this.fired.compareAndSet(false, true)) {
			logger.info("Parent is gone (" + reason + "); worker exits");
			this.onParentGone.run();
		}
	}

	/**
	 * Returns whether the parent was found gone.
	 * @return whether the action ran
	 */
	public boolean hasFired() {
		return this.fired.get();
	}

}
