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

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.github.ipcworker.IpcWorkerContext;
import io.github.ipcworker.autoconfigure.child.BeanHandlerAdapter;
import io.github.ipcworker.child.WorkerRuntime;
import io.github.ipcworker.codec.PayloadCodec;
import io.github.ipcworker.context.ContextPropagator;
import io.github.ipcworker.pool.GroupSettings;
import io.github.ipcworker.pool.TransportFactory;
import io.github.ipcworker.pool.WorkerLauncher;
import io.github.ipcworker.process.WorkerProcess;
import io.github.ipcworker.transport.ChildLink;
import io.github.ipcworker.transport.LinkClosedException;
import io.github.ipcworker.transport.Transport;
import io.github.ipcworker.transport.local.LocalTransport;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

/**
 * Runs the workers of {@code ipc.worker.mode=in-process}: each worker is a thread of this
 * JVM running the same {@link WorkerRuntime} as a worker process, over an in-memory
 * {@link LocalTransport} link, and stands in for a process towards the group. So the
 * whole pool (queue, prefetch, timeouts, credit, cancel, supervision, meters, health)
 * works as it does with processes, and requests and responses go through the codec.
 * <p>
 * Each worker gets its handler with {@code getBean}: the {@code @IpcWorker} bean is made
 * a prototype in this mode (see {@link IpcWorkerBeanFactoryPostProcessor}), so each
 * worker has an instance of its own, created with its {@code @PostConstruct} when the
 * worker starts and destroyed with its {@code @PreDestroy} when it stops, as in a worker
 * process. What no thread can give is a process's isolation: static state is shared, and
 * a handler that exits the JVM, exhausts its heap or ignores interrupts while stuck harms
 * or holds the application itself.
 */
final class InProcessWorkers implements TransportFactory, WorkerLauncher {

	private static final Log logger = LogFactory.getLog(InProcessWorkers.class);

	/** Exit code of a worker that could not start, as a worker process's. */
	private static final int EXIT_BOOT_FAILED = 1;

	/** Exit code of a worker whose serving loop failed, as a worker process's. */
	private static final int EXIT_SERVING_FAILED = 4;

	/** Exit codes of a stand-in that was stopped, as for SIGTERM and SIGKILL. */
	private static final int EXIT_TERMINATED = 143;

	private static final int EXIT_KILLED = 137;

	/**
	 * The identity of the worker whose bean is being created on this thread: the
	 * prototype {@code ipcWorkerContext} bean reads it (see {@link #currentContext()}).
	 */
	private static final ThreadLocal<IpcWorkerContext> CREATING = new ThreadLocal<>();

	private final ConfigurableListableBeanFactory beanFactory;

	private final Function<String, PayloadCodec> codecs;

	private final ContextPropagator propagator;

	/** The current transport of each group; a restarted group gets a new one. */
	private final Map<String, LocalTransport> transports = new ConcurrentHashMap<>();

	InProcessWorkers(ConfigurableListableBeanFactory beanFactory, Function<String, PayloadCodec> codecs,
			ContextPropagator propagator) {
		this.beanFactory = beanFactory;
		this.codecs = codecs;
		this.propagator = propagator;
	}

	/**
	 * Fails at start-up on settings that need worker processes.
	 */
	void check(GroupSettings settings) {
		if (settings.remoteWorkers()) {
			throw new IllegalArgumentException("ipc.worker.groups." + settings.name()
					+ ".remote-workers needs worker processes; it cannot be used with ipc.worker.mode=in-process");
		}
	}

	@Override
	public Transport create(GroupSettings settings) {
		LocalTransport transport = new LocalTransport(settings.name());
		this.transports.put(settings.name(), transport);
		return transport;
	}

	@Override
	public WorkerProcess launch(GroupSettings settings, int workerIndex, Map<String, String> linkSettings)
			throws IOException {
		LocalTransport transport = this.transports.get(settings.name());
		String linkId = linkSettings.get(LocalTransport.LINK_KEY);
		if (transport == null || linkId == null) {
			throw new IOException("group '" + settings.name() + "' has no in-process link for worker " + workerIndex);
		}
		ChildLink link = transport.connect(linkId);
		String name = settings.name() + "#" + workerIndex;
		WorkerThread worker = new WorkerThread(settings, workerIndex, link, name);
		WorkerProcess process = WorkerProcess.adopt(worker, name);
		worker.thread.start();
		return process;
	}

	/**
	 * The {@link IpcWorkerContext} of the in-process worker whose {@code @IpcWorker} bean
	 * is being created, for the prototype bean that injects it.
	 * @throws IllegalStateException outside the creation of a worker's bean
	 */
	static IpcWorkerContext currentContext() {
		IpcWorkerContext context = CREATING.get();
		if (context == null) {
			throw new IllegalStateException("IpcWorkerContext can only be injected into @IpcWorker beans and what"
					+ " they create with them: in-process mode, each worker's identity is known only while its bean is"
					+ " created");
		}
		return context;
	}

	/**
	 * A worker on a thread, seen by the group as a process of this JVM's pid: alive until
	 * its serving loop ends or it is stopped. Stopping it closes its link and interrupts
	 * its thread; the thread itself ends only when its handler returns.
	 */
	private final class WorkerThread extends Process {

		private final GroupSettings settings;

		private final int index;

		private final ChildLink link;

		private final String name;

		final Thread thread;

		private final CompletableFuture<Process> exit = new CompletableFuture<>();

		private volatile int exitCode = -1;

		WorkerThread(GroupSettings settings, int index, ChildLink link, String name) {
			this.settings = settings;
			this.index = index;
			this.link = link;
			this.name = name;
			this.thread = new Thread(this::run, "ipc-worker-" + name);
			// A handler stuck past a kill must not keep the application from exiting.
			this.thread.setDaemon(true);
		}

		private void run() {
			Object bean = null;
			WorkerRuntime runtime;
			try {
				CREATING.set(IpcWorkerContext.ofCurrentProcess(this.settings.name(), this.index));
				try {
					bean = InProcessWorkers.this.beanFactory.getBean(this.settings.beanName());
				}
				finally {
					CREATING.remove();
				}
				runtime = new WorkerRuntime(this.link, this.index,
						InProcessWorkers.this.codecs.apply(this.settings.name()), BeanHandlerAdapter.of(bean),
						this.settings.maxMessageSize(), this.settings.name(), InProcessWorkers.this.propagator);
				runtime.sendReady();
			}
			catch (Throwable ex) {
				logger.error("In-process worker " + this.name + " failed to start", ex);
				try {
					WorkerRuntime.sendBootFailure(this.link, this.index, ex);
				}
				catch (InterruptedException | RuntimeException notSent) {
					// The link is gone: the exit below tells the group.
				}
				end(bean, EXIT_BOOT_FAILED);
				return;
			}
			end(bean, serve(runtime));
		}

		private int serve(WorkerRuntime runtime) {
			try {
				runtime.serve();
				return 0;
			}
			catch (LinkClosedException ex) {
				return 0;
			}
			catch (InterruptedException ex) {
				return 0;
			}
			catch (Throwable ex) {
				// A worker process would exit here; this one ends its thread, and the
				// group replaces it.
				logger.error("In-process worker " + this.name + " stops serving after an error", ex);
				return EXIT_SERVING_FAILED;
			}
		}

		private void end(@Nullable Object bean, int code) {
			if (bean != null) {
				try {
					InProcessWorkers.this.beanFactory.destroyBean(this.settings.beanName(), bean);
				}
				catch (RuntimeException ex) {
					logger.warn("Destroying the handler of in-process worker " + this.name + " failed", ex);
				}
			}
			this.link.close();
			exit(code);
		}

		private void exit(int code) {
			synchronized (this) {
				if (this.exit.isDone()) {
					return;
				}
				this.exitCode = code;
			}
			this.exit.complete(this);
		}

		private void stop(int code) {
			exit(code);
			this.link.close();
			this.thread.interrupt();
		}

		@Override
		public OutputStream getOutputStream() {
			return OutputStream.nullOutputStream();
		}

		@Override
		public InputStream getInputStream() {
			return InputStream.nullInputStream();
		}

		@Override
		public InputStream getErrorStream() {
			return InputStream.nullInputStream();
		}

		@Override
		public int waitFor() throws InterruptedException {
			try {
				this.exit.get();
			}
			catch (java.util.concurrent.ExecutionException ex) {
				throw new IllegalStateException(ex);
			}
			return this.exitCode;
		}

		@Override
		public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
			try {
				this.exit.get(timeout, unit);
				return true;
			}
			catch (java.util.concurrent.TimeoutException ex) {
				return false;
			}
			catch (java.util.concurrent.ExecutionException ex) {
				throw new IllegalStateException(ex);
			}
		}

		@Override
		public int exitValue() {
			if (!this.exit.isDone()) {
				throw new IllegalThreadStateException("in-process worker " + this.name + " is running");
			}
			return this.exitCode;
		}

		@Override
		public void destroy() {
			stop(EXIT_TERMINATED);
		}

		@Override
		public Process destroyForcibly() {
			stop(EXIT_KILLED);
			return this;
		}

		@Override
		public boolean isAlive() {
			return !this.exit.isDone();
		}

		@Override
		public long pid() {
			return ProcessHandle.current().pid();
		}

		@Override
		public CompletableFuture<Process> onExit() {
			return this.exit;
		}

		@Override
		public String toString() {
			return "in-process worker " + this.name;
		}

	}

}
