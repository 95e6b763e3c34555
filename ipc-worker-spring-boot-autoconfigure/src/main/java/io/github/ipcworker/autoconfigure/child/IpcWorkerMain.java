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

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.ipcworker.IpcWorkerContext;
import io.github.ipcworker.child.ParentWatcher;
import io.github.ipcworker.child.WorkerRuntime;
import io.github.ipcworker.codec.JacksonPayloadCodec;
import io.github.ipcworker.codec.PayloadCodec;
import io.github.ipcworker.context.ContextPropagator;
import io.github.ipcworker.process.LaunchSpec;
import io.github.ipcworker.transport.ChildLink;
import io.github.ipcworker.child.ChildLinks;
import io.github.ipcworker.transport.LinkClosedException;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.util.ClassUtils;

/**
 * The main class of a worker process. Reads its {@link LaunchSpec} from standard input,
 * connects to the parent, starts the application in worker mode, creates the worker bean,
 * reports ready and serves until told to stop or until the parent is gone.
 * <p>
 * Worker mode: no web server, no banner, lazy initialization (so only the worker bean and
 * what it depends on are created), none of the application's runners, lifecycle beans,
 * started and ready listeners or scheduled jobs but those the worker bean needs or that
 * are opted in (see {@link WorkerModeBeanFactoryPostProcessor}), and no groups of its own
 * ({@value #GROUP_PROPERTY} tells the auto-configuration it runs in a worker).
 */
public final class IpcWorkerMain {

	/** Property that is set, to the group name, only in worker processes. */
	public static final String GROUP_PROPERTY = "ipc.worker.child.group";

	/** Property holding the worker's index in its group, in worker processes. */
	public static final String INDEX_PROPERTY = "ipc.worker.child.index";

	/**
	 * Property holding the group's wire format, {@code json} or {@code smile}, which the
	 * parent resolved and the worker must share.
	 */
	public static final String CODEC_PROPERTY = "ipc.worker.child.codec";

	/**
	 * Name of the {@link IpcWorkerContext} bean of a worker process.
	 */
	public static final String WORKER_CONTEXT_BEAN_NAME = "ipcWorkerContext";

	/**
	 * DevTools' switch for its restarter. A worker turns it off: with DevTools on the
	 * class path, its restarter would run this main method again on a thread of its own,
	 * which waits forever for a launch spec the first run has already read, and its file
	 * watcher and LiveReload server belong to the application, not to each of its
	 * workers.
	 */
	static final String DEVTOOLS_RESTART_ENABLED = "spring.devtools.restart.enabled";

	/** DevTools' switch for its LiveReload server, which would take the parent's port. */
	static final String DEVTOOLS_LIVERELOAD_ENABLED = "spring.devtools.livereload.enabled";

	/** Exit code when the worker could not start. */
	static final int EXIT_BOOT_FAILED = 1;

	/** Exit code when the launch spec or the link could not be read. */
	static final int EXIT_NO_LINK = 2;

	/** Exit code when the parent is gone. */
	static final int EXIT_ORPHANED = 3;

	/**
	 * Exit code when serving failed with an {@link OutOfMemoryError}: the code of
	 * {@code -XX:+ExitOnOutOfMemoryError}, which workers run with, so the parent reports
	 * both the same way.
	 */
	static final int EXIT_OUT_OF_MEMORY = 3;

	/**
	 * Exit code when serving failed with an error the worker cannot recover from, such as
	 * running out of memory: the parent sees the exit and replaces the worker.
	 */
	static final int EXIT_SERVING_FAILED = 4;

	/**
	 * Console log pattern of workers: the level first, so the parent can log at that
	 * level, and the trace and span ids of a traced request, as in Boot's own pattern.
	 */
	static final String CONSOLE_PATTERN = "%-5level [%thread] %replace([%X{traceId},%X{spanId}] ){'\\[,\\] ', ''}"
			+ "%logger{36} : %msg%n%wEx";

	/** How long shutdown hooks may run after the parent died before the process halts. */
	private static final long HALT_AFTER_MS = 5_000;

	private IpcWorkerMain() {
	}

	/**
	 * Runs a worker.
	 * @param args ignored: the application's arguments come in the launch spec, so that
	 * they are not on the worker's command line
	 */
	public static void main(String[] args) {
		LaunchSpec spec;
		ChildLink link;
		try {
			spec = LaunchSpec.readFrom(System.in);
			// Before anything reads them: the link, logging and the application.
			applySystemProperties(spec);
			ParentWatcher.start(System.in, spec.parentPid(), IpcWorkerMain::exitOrphaned);
			link = ChildLinks.connect(spec.linkSettings());
		}
		catch (IOException | RuntimeException ex) {
			System.err.println("ipc-worker: could not connect to the parent: " + ex);
			ex.printStackTrace();
			System.exit(EXIT_NO_LINK);
			return;
		}
		ConfigurableApplicationContext context = null;
		WorkerRuntime runtime;
		try {
			context = start(spec);
			Object bean = context.getBean(spec.beanName());
			PayloadCodec codec = inGroupFormat(context.getBean(PayloadCodec.class),
					context.getEnvironment().getProperty(CODEC_PROPERTY));
			ContextPropagator propagator = context.getBeanProvider(ContextPropagator.class)
				.getIfAvailable(() -> ContextPropagator.NONE);
			runtime = new WorkerRuntime(link, spec.workerIndex(), codec, BeanHandlerAdapter.of(bean),
					spec.maxMessageSize(), spec.group(), propagator);
			runtime.sendReady();
		}
		catch (Throwable ex) {
			reportBootFailure(link, spec, ex);
			closeQuietly(context);
			System.exit(EXIT_BOOT_FAILED);
			return;
		}
		int exitCode = serve(runtime);
		if (exitCode != 0) {
			// Closing the context could hang or fail in a JVM out of memory: the
			// shutdown hooks get the same few seconds as for an orphan.
			exit(exitCode);
			return;
		}
		closeQuietly(context);
		link.close();
		System.exit(0);
	}

	/**
	 * Returns the codec in the format the parent chose for the group.
	 * @param codec the application's codec bean
	 * @param format the format from the launch spec, or {@code null} when the parent did
	 * not say
	 * @return the codec in the format; the bean itself when it is not a
	 * {@link JacksonPayloadCodec}, whose format the application chose on both sides
	 */
	static PayloadCodec inGroupFormat(PayloadCodec codec, @Nullable String format) {
		return (format != null && codec instanceof JacksonPayloadCodec jackson) ? jackson.withFormat(format) : codec;
	}

	/**
	 * Runs the serving loop to its end.
	 * @param runtime the runtime
	 * @return 0 when told to stop or when the parent is gone, {@link #EXIT_OUT_OF_MEMORY}
	 * or {@link #EXIT_SERVING_FAILED} when the loop failed: a worker that serves nothing
	 * must not stay alive and counted ready
	 */
	static int serve(WorkerRuntime runtime) {
		try {
			runtime.serve();
			return 0;
		}
		catch (LinkClosedException ex) {
			// The parent is gone; the watcher ends the process too.
			return 0;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return 0;
		}
		catch (Throwable ex) {
			try {
				System.err.println("ipc-worker: the worker stops serving after an error it cannot recover from: " + ex);
				ex.printStackTrace();
			}
			catch (Throwable logging) {
				// Best effort: out of memory, even this may fail; the exit code tells.
			}
			return (ex instanceof OutOfMemoryError) ? EXIT_OUT_OF_MEMORY : EXIT_SERVING_FAILED;
		}
	}

	/**
	 * Sets the parent's system properties that came in the launch spec, as the command
	 * line would have.
	 * @param spec the launch spec
	 */
	static void applySystemProperties(LaunchSpec spec) {
		spec.systemProperties().forEach(System::setProperty);
	}

	private static ConfigurableApplicationContext start(LaunchSpec spec) throws ClassNotFoundException {
		ClassLoader classLoader = IpcWorkerMain.class.getClassLoader();
		Class<?> primarySource = ClassUtils.forName(spec.primarySource(), classLoader);
		// DevTools reads the system property when the application starts, before there is
		// an environment; it wins over a -D the worker inherited from the parent.
		System.setProperty(DEVTOOLS_RESTART_ENABLED, "false");
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("ipcWorkerChild", workerProperties(spec)));
		SpringApplication application = new SpringApplication(primarySource);
		application.setMainApplicationClass(primarySource);
		// The parent prefixes each line with its own time, pid and the worker's name, and
		// reads the level from the start of the line; the application's own logging
		// configuration, when it sets a pattern, still wins.
		application.setDefaultProperties(Map.of("logging.pattern.console", CONSOLE_PATTERN));
		application.setEnvironment(environment);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setBannerMode(Banner.Mode.OFF);
		application.setLazyInitialization(true);
		application.addInitializers((context) -> {
			context.addBeanFactoryPostProcessor(new WorkerModeBeanFactoryPostProcessor(spec.beanName()));
			registerWorkerContext(context, spec);
		});
		return application.run(spec.arguments().toArray(String[]::new));
	}

	/**
	 * Returns the properties a worker's environment takes first: the parent's, which
	 * worker this is, and DevTools' restart and LiveReload off.
	 * @param spec the launch spec
	 * @return the properties
	 */
	static Map<String, Object> workerProperties(LaunchSpec spec) {
		Map<String, Object> properties = new HashMap<>(spec.properties());
		properties.put(GROUP_PROPERTY, spec.group());
		properties.put(INDEX_PROPERTY, Integer.toString(spec.workerIndex()));
		properties.put(DEVTOOLS_RESTART_ENABLED, "false");
		properties.put(DEVTOOLS_LIVERELOAD_ENABLED, "false");
		return properties;
	}

	/**
	 * Registers which worker this process is, before any bean is created, so that the
	 * worker bean can take it in its constructor.
	 * @param context the worker's context, not refreshed yet
	 * @param spec the launch spec
	 */
	static void registerWorkerContext(ConfigurableApplicationContext context, LaunchSpec spec) {
		context.getBeanFactory()
			.registerSingleton(WORKER_CONTEXT_BEAN_NAME,
					IpcWorkerContext.ofCurrentProcess(spec.group(), spec.workerIndex()));
	}

	private static void reportBootFailure(ChildLink link, LaunchSpec spec, Throwable failure) {
		System.err
			.println("ipc-worker: worker " + spec.group() + "#" + spec.workerIndex() + " failed to start: " + failure);
		try {
			WorkerRuntime.sendBootFailure(link, spec.workerIndex(), failure);
		}
		catch (InterruptedException | RuntimeException ex) {
			System.err.println("ipc-worker: could not report the failure to the parent: " + ex);
		}
	}

	private static void closeQuietly(@Nullable ConfigurableApplicationContext context) {
		if (context != null) {
			try {
				context.close();
			}
			catch (RuntimeException ex) {
				System.err.println("ipc-worker: closing the worker's context failed: " + ex);
			}
		}
	}

	/**
	 * Exits because the parent is gone. Shutdown hooks (the context's, so
	 * {@code @PreDestroy}) get a few seconds; a handler stuck in them cannot keep an
	 * orphan alive.
	 */
	private static void exitOrphaned() {
		if (writesClassDataArchiveAtExit(ManagementFactory.getRuntimeMXBean().getInputArguments())) {
			// A training worker's JVM writes its class-data archive as it exits, for
			// seconds, at a safepoint where not even the halt below can run. An orphan's
			// archive is not wanted (no parent checks and installs it), and an orphan
			// must
			// go at once: it ends itself the way a dump cannot delay.
			killSelf();
		}
		exit(EXIT_ORPHANED);
	}

	/**
	 * Tells whether the JVM was asked to write a class-data archive at exit.
	 * @param jvmOptions the JVM's options
	 * @return whether {@code -XX:ArchiveClassesAtExit} is among them
	 */
	static boolean writesClassDataArchiveAtExit(List<String> jvmOptions) {
		return jvmOptions.stream().anyMatch((option) -> option.startsWith("-XX:ArchiveClassesAtExit="));
	}

	/**
	 * Sends SIGKILL to this process; returns only if that could not be done, and the
	 * caller then exits as usual.
	 */
	private static void killSelf() {
		try {
			Process kill = new ProcessBuilder("kill", "-KILL", Long.toString(ProcessHandle.current().pid()))
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			kill.waitFor(2, TimeUnit.SECONDS);
			// Still here: the signal takes a moment to land.
			Thread.sleep(2_000);
		}
		catch (IOException | RuntimeException ex) {
			// No kill command: exit as usual.
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Exits with a code, halting if the shutdown hooks take longer than
	 * {@link #HALT_AFTER_MS}, or at once if not even the thread that would wait for them
	 * can be started.
	 */
	private static void exit(int exitCode) {
		try {
			Thread halt = new Thread(() -> {
				try {
					Thread.sleep(HALT_AFTER_MS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				Runtime.getRuntime().halt(exitCode);
			}, "ipc-worker-halt");
			halt.setDaemon(true);
			halt.start();
		}
		catch (Throwable ex) {
			Runtime.getRuntime().halt(exitCode);
		}
		System.exit(exitCode);
	}

}
