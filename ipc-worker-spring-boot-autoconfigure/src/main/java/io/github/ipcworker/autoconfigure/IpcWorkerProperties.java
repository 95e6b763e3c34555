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

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.ipcworker.pool.GroupSettings;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of ipc-worker: defaults for every group, and per-group overrides under
 * {@code ipc.worker.groups.<name>}.
 */
@ConfigurationProperties("ipc.worker")
public class IpcWorkerProperties {

	/** Default of {@link #getQueueSize()}. */
	public static final int DEFAULT_QUEUE_SIZE = 1024;

	/** Default of {@link #getStreamWindow()}. */
	public static final int DEFAULT_STREAM_WINDOW = 32;

	/** Default of {@link #getPrefetch()}: adaptive. */
	public static final int DEFAULT_PREFETCH = 0;

	/**
	 * Whether the groups start with the application context. When false, they start only
	 * when IpcGroup.start() is called.
	 */
	private boolean autoStartup = true;

	/**
	 * Where the handlers run: in worker processes, or on threads of the application's own
	 * JVM ("in-process", for tests and small deployments), with the same codec round trip
	 * and semantics but no isolation.
	 */
	private Mode mode = Mode.PROCESSES;

	/**
	 * Transport between a group and its workers.
	 */
	private Transport transport = Transport.SHM;

	/**
	 * Wire format of requests and responses: "json", readable and needing nothing more,
	 * or "smile", Jackson's binary JSON, which needs
	 * tools.jackson.dataformat:jackson-dataformat-smile. Either is read as the declared
	 * type; byte[] values pass through untouched. Ignored when the application defines
	 * its own PayloadCodec bean that is not a JacksonPayloadCodec.
	 */
	private Codec codec = Codec.JSON;

	/**
	 * Number of worker processes per group, a fixed size. When neither this, the group's
	 * workers, min-workers or max-workers nor the annotation sets a size, a group is
	 * elastic: one worker, and up to one per processor while requests queue.
	 */
	private @Nullable Integer workers;

	/**
	 * Maximum number of requests waiting for a worker, per group. A caller that finds the
	 * queue full waits up to enqueue-timeout, then gets an IpcBusyException.
	 */
	private int queueSize = DEFAULT_QUEUE_SIZE;

	/**
	 * Maximum number of requests one worker process holds at a time. Further requests
	 * wait in the group's queue, so that a slow request never delays another while a
	 * worker is free. 0 adapts it per worker: 1 while the handler runs longer than the
	 * transport's round trip, growing up to 16 while it is much shorter, so that short
	 * requests run back to back instead of each waiting for the round trip. 1 keeps every
	 * worker at one request.
	 */
	private int prefetch = DEFAULT_PREFETCH;

	/**
	 * Size of each of the two shared-memory rings of a worker, one per direction. A power
	 * of two. Larger messages pass through in pieces.
	 */
	private DataSize shmSize = DataSize.ofMegabytes(1);

	/**
	 * How long a worker of the shared-memory transport spins, waiting for the next
	 * request, before it sleeps on its doorbell. A request that arrives within it is
	 * taken without a wake-up, which costs tens to hundreds of microseconds on a virtual
	 * machine; an idle worker spins it once after its last request. Raise it (say to 2ms)
	 * for steady light traffic whose latency matters, at the price of a busy core per
	 * worker while requests keep coming.
	 */
	private Duration shmSpin = Duration.ofNanos(50_000);

	/**
	 * Maximum size of one request or response, encoded.
	 */
	private DataSize maxMessageSize = DataSize.ofMegabytes(64);

	/**
	 * How long a caller waits for a response, unless the call gives its own timeout. An
	 * unanswered request is forgotten after it.
	 */
	private Duration requestTimeout = Duration.ofSeconds(30);

	/**
	 * How long a worker process may take to start and report ready.
	 */
	private Duration startupTimeout = Duration.ofSeconds(60);

	/**
	 * How long stopping a group waits for requests in flight, and then for its workers to
	 * exit, before they are killed.
	 */
	private Duration shutdownTimeout = Duration.ofSeconds(10);

	/**
	 * How long a caller waits for room in a full queue before the request is refused with
	 * an IpcBusyException.
	 */
	private Duration enqueueTimeout = Duration.ofMillis(100);

	/**
	 * Maximum number of stream items a worker sends ahead of the caller's reading. A
	 * slower reader makes the worker wait.
	 */
	private int streamWindow = DEFAULT_STREAM_WINDOW;

	/**
	 * How long the result of a request sent with IpcClient.put is kept for IpcClient.get
	 * after it arrived. An uncollected result is forgotten after it.
	 */
	private Duration resultRetention = Duration.ofMinutes(10);

	/**
	 * Options for the worker JVMs, such as "-Xmx512m". "{index}" is replaced by the
	 * worker's index.
	 */
	private List<String> jvmArgs = new ArrayList<>();

	/**
	 * Whether worker JVMs start from a class-data archive of the application's classes,
	 * written by the first worker when it exits and used by the workers started after.
	 * Not used for a group whose jvm-args choose class-data sharing themselves (-Xshare,
	 * -XX:SharedArchiveFile, -XX:AOTCache and the like).
	 */
	private ClassDataSharing classDataSharing = ClassDataSharing.AUTO;

	/**
	 * Folder of the worker JVMs' class-data archives, owner-only. Defaults to
	 * ipc-worker/cds in the user's cache folder ($XDG_CACHE_HOME, or ~/.cache).
	 */
	private @Nullable String classDataDirectory;

	/**
	 * Whether a request whose worker process died is sent once more, to another worker.
	 * Only for idempotent work.
	 */
	private boolean retryOnCrash;

	/**
	 * Maximum number of unexpected worker deaths within restart-window that a group
	 * replaces. Past that it stops replacing workers and reports itself down.
	 */
	private int maxRestarts = GroupSettings.Supervision.DEFAULTS.maxRestarts();

	/**
	 * Window over which worker deaths are counted against max-restarts.
	 */
	private Duration restartWindow = GroupSettings.Supervision.DEFAULTS.restartWindow();

	/**
	 * How long after a request timed out a worker still busy with it is killed and
	 * replaced. 0 leaves a stuck worker alone.
	 */
	private Duration stuckTimeout = GroupSettings.Supervision.DEFAULTS.stuckTimeout();

	/**
	 * How long a group that gave up after max-restarts waits before it tries one worker
	 * again.
	 */
	private Duration restartCooldown = GroupSettings.Supervision.DEFAULTS.restartCooldown();

	/**
	 * Number of requests after which a worker process is replaced by a fresh one, without
	 * failing any request. 0 for never.
	 */
	private long maxRequestsPerWorker;

	/**
	 * Worker processes per group started beyond its workers and kept ready and idle: one
	 * takes the slot of a dead or recycled worker at once, instead of a new JVM starting,
	 * and another spare starts in the background. Each costs a JVM's memory. A spare
	 * keeps the index it was started with, past workers - 1 (IpcWorkerContext.index()).
	 */
	private int spareWorkers;

	/**
	 * When a starting group serves: once all its workers are ready, or once the first is
	 * (the others serve as they become ready, and one that fails to start is replaced
	 * like a worker that died, instead of failing the application's start).
	 */
	private GroupSettings.ReadyWhen readyWhen = GroupSettings.ReadyWhen.ALL;

	/**
	 * Settings of individual groups, by group name; unset keys take the values above.
	 */
	private final Map<String, Group> groups = new LinkedHashMap<>();

	/**
	 * Settings of the ZeroMQ transport.
	 */
	private final Zmq zmq = new Zmq();

	/**
	 * Settings of a worker host: an instance of the application that serves one group of
	 * another instance over ZeroMQ, instead of running as an application itself.
	 */
	private final Remote remote = new Remote();

	public boolean isAutoStartup() {
		return this.autoStartup;
	}

	public void setAutoStartup(boolean autoStartup) {
		this.autoStartup = autoStartup;
	}

	public Mode getMode() {
		return this.mode;
	}

	public void setMode(Mode mode) {
		this.mode = mode;
	}

	public Transport getTransport() {
		return this.transport;
	}

	public void setTransport(Transport transport) {
		this.transport = transport;
	}

	public Codec getCodec() {
		return this.codec;
	}

	public void setCodec(Codec codec) {
		this.codec = codec;
	}

	/**
	 * Returns the wire format of a group: its own codec key, else the global one.
	 * @param group the group name
	 * @return the format
	 */
	public Codec codecOf(String group) {
		Group settings = this.groups.get(group);
		return (settings != null && settings.getCodec() != null) ? settings.getCodec() : this.codec;
	}

	public @Nullable Integer getWorkers() {
		return this.workers;
	}

	public void setWorkers(@Nullable Integer workers) {
		this.workers = workers;
	}

	public int getQueueSize() {
		return this.queueSize;
	}

	public void setQueueSize(int queueSize) {
		this.queueSize = queueSize;
	}

	public int getPrefetch() {
		return this.prefetch;
	}

	public void setPrefetch(int prefetch) {
		this.prefetch = prefetch;
	}

	public DataSize getShmSize() {
		return this.shmSize;
	}

	public Duration getShmSpin() {
		return this.shmSpin;
	}

	public void setShmSpin(Duration shmSpin) {
		this.shmSpin = shmSpin;
	}

	public void setShmSize(DataSize shmSize) {
		this.shmSize = shmSize;
	}

	public DataSize getMaxMessageSize() {
		return this.maxMessageSize;
	}

	public void setMaxMessageSize(DataSize maxMessageSize) {
		this.maxMessageSize = maxMessageSize;
	}

	public Duration getRequestTimeout() {
		return this.requestTimeout;
	}

	public void setRequestTimeout(Duration requestTimeout) {
		this.requestTimeout = requestTimeout;
	}

	public Duration getStartupTimeout() {
		return this.startupTimeout;
	}

	public void setStartupTimeout(Duration startupTimeout) {
		this.startupTimeout = startupTimeout;
	}

	public Duration getShutdownTimeout() {
		return this.shutdownTimeout;
	}

	public void setShutdownTimeout(Duration shutdownTimeout) {
		this.shutdownTimeout = shutdownTimeout;
	}

	public Duration getEnqueueTimeout() {
		return this.enqueueTimeout;
	}

	public void setEnqueueTimeout(Duration enqueueTimeout) {
		this.enqueueTimeout = enqueueTimeout;
	}

	public int getStreamWindow() {
		return this.streamWindow;
	}

	public void setStreamWindow(int streamWindow) {
		this.streamWindow = streamWindow;
	}

	public Duration getResultRetention() {
		return this.resultRetention;
	}

	public void setResultRetention(Duration resultRetention) {
		this.resultRetention = resultRetention;
	}

	public List<String> getJvmArgs() {
		return this.jvmArgs;
	}

	public void setJvmArgs(List<String> jvmArgs) {
		this.jvmArgs = jvmArgs;
	}

	public ClassDataSharing getClassDataSharing() {
		return this.classDataSharing;
	}

	public void setClassDataSharing(ClassDataSharing classDataSharing) {
		this.classDataSharing = classDataSharing;
	}

	public @Nullable String getClassDataDirectory() {
		return this.classDataDirectory;
	}

	public void setClassDataDirectory(@Nullable String classDataDirectory) {
		this.classDataDirectory = classDataDirectory;
	}

	public boolean isRetryOnCrash() {
		return this.retryOnCrash;
	}

	public void setRetryOnCrash(boolean retryOnCrash) {
		this.retryOnCrash = retryOnCrash;
	}

	public int getMaxRestarts() {
		return this.maxRestarts;
	}

	public void setMaxRestarts(int maxRestarts) {
		this.maxRestarts = maxRestarts;
	}

	public Duration getRestartWindow() {
		return this.restartWindow;
	}

	public void setRestartWindow(Duration restartWindow) {
		this.restartWindow = restartWindow;
	}

	public Duration getStuckTimeout() {
		return this.stuckTimeout;
	}

	public void setStuckTimeout(Duration stuckTimeout) {
		this.stuckTimeout = stuckTimeout;
	}

	public Duration getRestartCooldown() {
		return this.restartCooldown;
	}

	public void setRestartCooldown(Duration restartCooldown) {
		this.restartCooldown = restartCooldown;
	}

	public long getMaxRequestsPerWorker() {
		return this.maxRequestsPerWorker;
	}

	public int getSpareWorkers() {
		return this.spareWorkers;
	}

	public void setSpareWorkers(int spareWorkers) {
		this.spareWorkers = spareWorkers;
	}

	public GroupSettings.ReadyWhen getReadyWhen() {
		return this.readyWhen;
	}

	public void setReadyWhen(GroupSettings.ReadyWhen readyWhen) {
		this.readyWhen = readyWhen;
	}

	public void setMaxRequestsPerWorker(long maxRequestsPerWorker) {
		this.maxRequestsPerWorker = maxRequestsPerWorker;
	}

	public Map<String, Group> getGroups() {
		return this.groups;
	}

	public Zmq getZmq() {
		return this.zmq;
	}

	public Remote getRemote() {
		return this.remote;
	}

	/**
	 * Where the handlers of the groups run.
	 */
	public enum Mode {

		/** In worker processes: child JVMs started by the application. */
		PROCESSES,

		/**
		 * On a pool of {@code workers} threads per group in the application's own JVM,
		 * through the same codec and pool: no JVM is started, nothing is isolated.
		 */
		IN_PROCESS

	}

	/**
	 * The transports a group can use.
	 */
	public enum Transport {

		/** Shared memory: memory-mapped rings, for workers on the same machine. */
		SHM,

		/** ZeroMQ (JeroMQ): sockets, for local or remote workers. */
		ZMQ

	}

	/**
	 * Whether worker JVMs use a class-data archive.
	 */
	public enum ClassDataSharing {

		/**
		 * An archive made by the first worker's exit, unless jvm-args choose otherwise.
		 */
		AUTO,

		/** None: the JDK's own default archive only. */
		OFF

	}

	/**
	 * The wire formats of requests and responses.
	 */
	public enum Codec {

		/** JSON: readable, the default. */
		JSON,

		/** Smile: Jackson's binary JSON, smaller and faster to read. */
		SMILE;

		/**
		 * Returns the format's name as
		 * {@link io.github.ipcworker.codec.JacksonPayloadCodec} knows it.
		 * @return the name, in lower case
		 */
		public String formatName() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

	}

	/**
	 * Settings of one group. Each unset key takes the value of the same key under
	 * {@code ipc.worker}.
	 */
	public static class Group {

		/**
		 * Transport between the group and its workers.
		 */
		private @Nullable Transport transport;

		/**
		 * Wire format of the group's requests and responses: "json" or "smile".
		 */
		private @Nullable Codec codec;

		/**
		 * Number of worker processes. Takes precedence over the workers attribute of
		 * the @IpcWorker annotation.
		 */
		private @Nullable Integer workers;

		/**
		 * Fewest worker processes of an elastic group: it starts with them and never
		 * retires below them. Setting min-workers or max-workers makes the group elastic;
		 * workers then no longer applies. Default 1 when only max-workers is set.
		 */
		private @Nullable Integer minWorkers;

		/**
		 * Most worker processes of an elastic group. Default: workers (or the number of
		 * processors) when only min-workers is set.
		 */
		private @Nullable Integer maxWorkers;

		/**
		 * How long requests of an elastic group may wait in its queue before it adds
		 * workers.
		 */
		private Duration scaleUpAfter = GroupSettings.Scaling.DEFAULT_SCALE_UP_AFTER;

		/**
		 * How long a worker of an elastic group may stay idle before it is retired, never
		 * below min-workers.
		 */
		private Duration scaleDownAfter = GroupSettings.Scaling.DEFAULT_SCALE_DOWN_AFTER;

		/**
		 * Maximum number of requests waiting for a worker.
		 */
		private @Nullable Integer queueSize;

		/**
		 * Maximum number of requests one worker process holds at a time; 0 adapts it.
		 */
		private @Nullable Integer prefetch;

		/**
		 * Size of each of the two shared-memory rings of a worker. A power of two.
		 */
		private @Nullable DataSize shmSize;

		/**
		 * How long a waiting side of the shared-memory transport spins before it sleeps.
		 */
		private @Nullable Duration shmSpin;

		/**
		 * Maximum size of one request or response, encoded.
		 */
		private @Nullable DataSize maxMessageSize;

		/**
		 * How long a caller waits for a response, unless the call gives its own timeout.
		 */
		private @Nullable Duration requestTimeout;

		/**
		 * How long a worker process may take to start and report ready.
		 */
		private @Nullable Duration startupTimeout;

		/**
		 * How long stopping the group waits for requests in flight, then for its workers
		 * to exit.
		 */
		private @Nullable Duration shutdownTimeout;

		/**
		 * How long a caller waits for room in a full queue.
		 */
		private @Nullable Duration enqueueTimeout;

		/**
		 * Maximum number of stream items a worker sends ahead of the caller's reading.
		 */
		private @Nullable Integer streamWindow;

		/**
		 * Whether the group also takes workers that join on their own from worker hosts
		 * (ZeroMQ transport only). The group may then launch no workers at all
		 * (workers=0).
		 */
		private boolean remoteWorkers;

		/**
		 * Maximum number of remote workers joined to the group at once; a worker host
		 * asking to join beyond it is refused and logged, and asks again after its
		 * heartbeat timeout and rejoin delay.
		 */
		private int maxRemoteWorkers = ZmqDefaults.MAX_REMOTE_WORKERS;

		/**
		 * ZeroMQ settings of this group.
		 */
		private final GroupZmq zmq = new GroupZmq();

		/**
		 * Options for the group's worker JVMs; replaces the global list. "{index}" is
		 * replaced by the worker's index.
		 */
		private @Nullable List<String> jvmArgs;

		/**
		 * Environment variables of the group's worker processes, on top of those they
		 * inherit from the application. "{index}" in a value is replaced by the worker's
		 * index, as in CUDA_VISIBLE_DEVICES={index}.
		 */
		private Map<String, String> environment = new LinkedHashMap<>();

		/**
		 * Whether a request whose worker process died is sent once more, to another
		 * worker. Only for idempotent work.
		 */
		private @Nullable Boolean retryOnCrash;

		/**
		 * Maximum number of unexpected worker deaths within restart-window that the group
		 * replaces.
		 */
		private @Nullable Integer maxRestarts;

		/**
		 * Window over which worker deaths are counted against max-restarts.
		 */
		private @Nullable Duration restartWindow;

		/**
		 * How long after a request timed out a worker still busy with it is killed and
		 * replaced.
		 */
		private @Nullable Duration stuckTimeout;

		/**
		 * How long the group waits after giving up before it tries one worker again.
		 */
		private @Nullable Duration restartCooldown;

		/**
		 * Number of requests after which a worker process is replaced by a fresh one.
		 */
		private @Nullable Long maxRequestsPerWorker;

		/**
		 * Worker processes kept ready and idle to take a dead or recycled worker's slot
		 * at once.
		 */
		private @Nullable Integer spareWorkers;

		/**
		 * When the starting group serves: once all its workers are ready, or the first.
		 */
		private GroupSettings.@Nullable ReadyWhen readyWhen;

		public @Nullable Transport getTransport() {
			return this.transport;
		}

		public void setTransport(@Nullable Transport transport) {
			this.transport = transport;
		}

		public @Nullable Codec getCodec() {
			return this.codec;
		}

		public void setCodec(@Nullable Codec codec) {
			this.codec = codec;
		}

		public @Nullable Integer getWorkers() {
			return this.workers;
		}

		public void setWorkers(@Nullable Integer workers) {
			this.workers = workers;
		}

		public @Nullable Integer getQueueSize() {
			return this.queueSize;
		}

		public void setQueueSize(@Nullable Integer queueSize) {
			this.queueSize = queueSize;
		}

		public @Nullable Integer getPrefetch() {
			return this.prefetch;
		}

		public void setPrefetch(@Nullable Integer prefetch) {
			this.prefetch = prefetch;
		}

		public @Nullable DataSize getShmSize() {
			return this.shmSize;
		}

		public @Nullable Duration getShmSpin() {
			return this.shmSpin;
		}

		public void setShmSpin(@Nullable Duration shmSpin) {
			this.shmSpin = shmSpin;
		}

		public void setShmSize(@Nullable DataSize shmSize) {
			this.shmSize = shmSize;
		}

		public @Nullable DataSize getMaxMessageSize() {
			return this.maxMessageSize;
		}

		public void setMaxMessageSize(@Nullable DataSize maxMessageSize) {
			this.maxMessageSize = maxMessageSize;
		}

		public @Nullable Duration getRequestTimeout() {
			return this.requestTimeout;
		}

		public void setRequestTimeout(@Nullable Duration requestTimeout) {
			this.requestTimeout = requestTimeout;
		}

		public @Nullable Duration getStartupTimeout() {
			return this.startupTimeout;
		}

		public void setStartupTimeout(@Nullable Duration startupTimeout) {
			this.startupTimeout = startupTimeout;
		}

		public @Nullable Duration getShutdownTimeout() {
			return this.shutdownTimeout;
		}

		public void setShutdownTimeout(@Nullable Duration shutdownTimeout) {
			this.shutdownTimeout = shutdownTimeout;
		}

		public @Nullable Duration getEnqueueTimeout() {
			return this.enqueueTimeout;
		}

		public void setEnqueueTimeout(@Nullable Duration enqueueTimeout) {
			this.enqueueTimeout = enqueueTimeout;
		}

		public @Nullable Integer getMinWorkers() {
			return this.minWorkers;
		}

		public void setMinWorkers(@Nullable Integer minWorkers) {
			this.minWorkers = minWorkers;
		}

		public @Nullable Integer getMaxWorkers() {
			return this.maxWorkers;
		}

		public void setMaxWorkers(@Nullable Integer maxWorkers) {
			this.maxWorkers = maxWorkers;
		}

		public Duration getScaleUpAfter() {
			return this.scaleUpAfter;
		}

		public void setScaleUpAfter(Duration scaleUpAfter) {
			this.scaleUpAfter = scaleUpAfter;
		}

		public Duration getScaleDownAfter() {
			return this.scaleDownAfter;
		}

		public void setScaleDownAfter(Duration scaleDownAfter) {
			this.scaleDownAfter = scaleDownAfter;
		}

		public boolean isRemoteWorkers() {
			return this.remoteWorkers;
		}

		public void setRemoteWorkers(boolean remoteWorkers) {
			this.remoteWorkers = remoteWorkers;
		}

		public int getMaxRemoteWorkers() {
			return this.maxRemoteWorkers;
		}

		public void setMaxRemoteWorkers(int maxRemoteWorkers) {
			this.maxRemoteWorkers = maxRemoteWorkers;
		}

		public GroupZmq getZmq() {
			return this.zmq;
		}

		public @Nullable Integer getStreamWindow() {
			return this.streamWindow;
		}

		public void setStreamWindow(@Nullable Integer streamWindow) {
			this.streamWindow = streamWindow;
		}

		public @Nullable List<String> getJvmArgs() {
			return this.jvmArgs;
		}

		public void setJvmArgs(@Nullable List<String> jvmArgs) {
			this.jvmArgs = jvmArgs;
		}

		public Map<String, String> getEnvironment() {
			return this.environment;
		}

		public void setEnvironment(Map<String, String> environment) {
			this.environment = environment;
		}

		public @Nullable Boolean getRetryOnCrash() {
			return this.retryOnCrash;
		}

		public void setRetryOnCrash(@Nullable Boolean retryOnCrash) {
			this.retryOnCrash = retryOnCrash;
		}

		public @Nullable Integer getMaxRestarts() {
			return this.maxRestarts;
		}

		public void setMaxRestarts(@Nullable Integer maxRestarts) {
			this.maxRestarts = maxRestarts;
		}

		public @Nullable Duration getRestartWindow() {
			return this.restartWindow;
		}

		public void setRestartWindow(@Nullable Duration restartWindow) {
			this.restartWindow = restartWindow;
		}

		public @Nullable Duration getStuckTimeout() {
			return this.stuckTimeout;
		}

		public void setStuckTimeout(@Nullable Duration stuckTimeout) {
			this.stuckTimeout = stuckTimeout;
		}

		public @Nullable Duration getRestartCooldown() {
			return this.restartCooldown;
		}

		public void setRestartCooldown(@Nullable Duration restartCooldown) {
			this.restartCooldown = restartCooldown;
		}

		public @Nullable Long getMaxRequestsPerWorker() {
			return this.maxRequestsPerWorker;
		}

		public @Nullable Integer getSpareWorkers() {
			return this.spareWorkers;
		}

		public void setSpareWorkers(@Nullable Integer spareWorkers) {
			this.spareWorkers = spareWorkers;
		}

		public GroupSettings.@Nullable ReadyWhen getReadyWhen() {
			return this.readyWhen;
		}

		public void setReadyWhen(GroupSettings.@Nullable ReadyWhen readyWhen) {
			this.readyWhen = readyWhen;
		}

		public void setMaxRequestsPerWorker(@Nullable Long maxRequestsPerWorker) {
			this.maxRequestsPerWorker = maxRequestsPerWorker;
		}

	}

	/**
	 * ZeroMQ settings of one group.
	 */
	public static class GroupZmq {

		/**
		 * Endpoint the group's socket binds, such as "tcp://0.0.0.0:5555". Each group
		 * needs an endpoint of its own; worker hosts connect to it.
		 */
		private @Nullable String bind;

		public @Nullable String getBind() {
			return this.bind;
		}

		public void setBind(@Nullable String bind) {
			this.bind = bind;
		}

	}

	/**
	 * Settings of the ZeroMQ transport.
	 */
	public static class Zmq {

		/**
		 * Endpoint each group's socket binds when the group sets none. A port of "*"
		 * takes a free one. Anything but a loopback address requires the CURVE keys.
		 */
		private String bind = ZmqDefaults.BIND;

		/**
		 * CURVE public key of the groups' sockets (Z85, 40 characters). Worker hosts set
		 * the same value, to check they talk to the right application.
		 */
		private @Nullable String serverPublicKey;

		/**
		 * CURVE secret key of the groups' sockets (Z85, 40 characters). Prefer
		 * server-secret-key-file or the environment: a command line can be read by every
		 * local user.
		 */
		private @Nullable String serverSecretKey;

		/**
		 * File holding the CURVE secret key of the groups' sockets, instead of
		 * server-secret-key. Must be readable by its owner only on POSIX systems.
		 */
		private @Nullable Path serverSecretKeyFile;

		/**
		 * CURVE public keys of the worker hosts allowed to join. A worker host with
		 * another key gets no work and is logged as refused.
		 */
		private List<String> authorizedKeys = new ArrayList<>();

		/**
		 * File listing more CURVE public keys of worker hosts allowed to join, one a
		 * line; blank lines and lines starting with '#' are ignored.
		 */
		private @Nullable Path authorizedKeysFile;

		/**
		 * CURVE public key of this worker host (Z85, 40 characters).
		 */
		private @Nullable String workerPublicKey;

		/**
		 * CURVE secret key of this worker host (Z85, 40 characters). Prefer
		 * worker-secret-key-file or the environment: a command line can be read by every
		 * local user.
		 */
		private @Nullable String workerSecretKey;

		/**
		 * File holding the CURVE secret key of this worker host, instead of
		 * worker-secret-key. Must be readable by its owner only on POSIX systems.
		 */
		private @Nullable Path workerSecretKeyFile;

		/**
		 * How often each end sends a heartbeat when it has sent nothing else. Once
		 * nothing but heartbeats has crossed a link for the heartbeat timeout, they go up
		 * to four intervals apart, at most two fifths of the timeout, until the next
		 * request.
		 */
		private Duration heartbeatInterval = ZmqDefaults.HEARTBEAT_INTERVAL;

		/**
		 * How long an end may stay silent before the other takes it for lost.
		 */
		private Duration heartbeatTimeout = ZmqDefaults.HEARTBEAT_TIMEOUT;

		/**
		 * Maximum number of messages queued for one peer by ZeroMQ.
		 */
		private int sendHighWaterMark = ZmqDefaults.SEND_HIGH_WATER_MARK;

		/**
		 * Maximum number of remote workers joined to one group at once with the same
		 * CURVE public key, so that one authorized key cannot open thousands.
		 */
		private int maxWorkersPerKey = ZmqDefaults.MAX_WORKERS_PER_KEY;

		public String getBind() {
			return this.bind;
		}

		public void setBind(String bind) {
			this.bind = bind;
		}

		public @Nullable String getServerPublicKey() {
			return this.serverPublicKey;
		}

		public void setServerPublicKey(@Nullable String serverPublicKey) {
			this.serverPublicKey = serverPublicKey;
		}

		public @Nullable String getServerSecretKey() {
			return this.serverSecretKey;
		}

		public void setServerSecretKey(@Nullable String serverSecretKey) {
			this.serverSecretKey = serverSecretKey;
		}

		public @Nullable Path getServerSecretKeyFile() {
			return this.serverSecretKeyFile;
		}

		public void setServerSecretKeyFile(@Nullable Path serverSecretKeyFile) {
			this.serverSecretKeyFile = serverSecretKeyFile;
		}

		public @Nullable Path getAuthorizedKeysFile() {
			return this.authorizedKeysFile;
		}

		public void setAuthorizedKeysFile(@Nullable Path authorizedKeysFile) {
			this.authorizedKeysFile = authorizedKeysFile;
		}

		public List<String> getAuthorizedKeys() {
			return this.authorizedKeys;
		}

		public void setAuthorizedKeys(List<String> authorizedKeys) {
			this.authorizedKeys = authorizedKeys;
		}

		public @Nullable String getWorkerPublicKey() {
			return this.workerPublicKey;
		}

		public void setWorkerPublicKey(@Nullable String workerPublicKey) {
			this.workerPublicKey = workerPublicKey;
		}

		public @Nullable String getWorkerSecretKey() {
			return this.workerSecretKey;
		}

		public void setWorkerSecretKey(@Nullable String workerSecretKey) {
			this.workerSecretKey = workerSecretKey;
		}

		public @Nullable Path getWorkerSecretKeyFile() {
			return this.workerSecretKeyFile;
		}

		public void setWorkerSecretKeyFile(@Nullable Path workerSecretKeyFile) {
			this.workerSecretKeyFile = workerSecretKeyFile;
		}

		public Duration getHeartbeatInterval() {
			return this.heartbeatInterval;
		}

		public void setHeartbeatInterval(Duration heartbeatInterval) {
			this.heartbeatInterval = heartbeatInterval;
		}

		public Duration getHeartbeatTimeout() {
			return this.heartbeatTimeout;
		}

		public void setHeartbeatTimeout(Duration heartbeatTimeout) {
			this.heartbeatTimeout = heartbeatTimeout;
		}

		public int getSendHighWaterMark() {
			return this.sendHighWaterMark;
		}

		public void setSendHighWaterMark(int sendHighWaterMark) {
			this.sendHighWaterMark = sendHighWaterMark;
		}

		public int getMaxWorkersPerKey() {
			return this.maxWorkersPerKey;
		}

		public void setMaxWorkersPerKey(int maxWorkersPerKey) {
			this.maxWorkersPerKey = maxWorkersPerKey;
		}

	}

	/**
	 * Settings of a worker host.
	 */
	public static class Remote {

		/**
		 * Endpoint of the group to serve, such as "tcp://app.example.com:5555". When set,
		 * this instance of the application starts as a worker host: no web server, no
		 * runners, only the group's worker bean, serving the group at that endpoint and
		 * joining again whenever the connection is lost.
		 */
		private @Nullable String connect;

		/**
		 * Name of the group to serve.
		 */
		private @Nullable String group;

		/**
		 * How long to wait before joining again after the connection was lost.
		 */
		private Duration rejoinDelay = Duration.ofSeconds(1);

		public @Nullable String getConnect() {
			return this.connect;
		}

		public void setConnect(@Nullable String connect) {
			this.connect = connect;
		}

		public @Nullable String getGroup() {
			return this.group;
		}

		public void setGroup(@Nullable String group) {
			this.group = group;
		}

		public Duration getRejoinDelay() {
			return this.rejoinDelay;
		}

		public void setRejoinDelay(Duration rejoinDelay) {
			this.rejoinDelay = rejoinDelay;
		}

	}

}
