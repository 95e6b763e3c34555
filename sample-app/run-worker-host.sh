#!/usr/bin/env bash
#
# Copyright 2026 the ipc-worker authors.
#
# Licensed under the Apache License, Version 2.0 (the "License");
# you may not use this file except in compliance with the License.
# You may obtain a copy of the License at
#
#      https://www.apache.org/licenses/LICENSE-2.0
#
# Unless required by applicable law or agreed to in writing, software
# distributed under the License is distributed on an "AS IS" BASIS,
# WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
# See the License for the specific language governing permissions and
# limitations under the License.
#
# Starts a worker host of the sample's thumbnails group: the sample's fat jar, run as one
# worker that joins the group over ZeroMQ, as on another machine. Start the application with
# the zmq profile (src/main/resources/application-zmq.properties), then:
#
#   sample-app/run-worker-host.sh keys    once: makes the CURVE key pairs
#   sample-app/run-worker-host.sh         starts one worker host; run it once per worker
#
# Settings, from the environment: JAR (the fat jar), IPC_SAMPLE_KEYS (the key directory,
# ~/.ipc-worker-sample), CONNECT (the group's endpoint, tcp://127.0.0.1:5555).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
jar=${JAR:-$here/target/sample-app-0.1.0-SNAPSHOT.jar}
keys=${IPC_SAMPLE_KEYS:-$HOME/.ipc-worker-sample}
connect=${CONNECT:-tcp://127.0.0.1:5555}

if [[ ! -f $jar ]]; then
	echo "No fat jar at $jar; build it with: ./mvnw -pl sample-app -am package -DskipTests" >&2
	exit 1
fi

make_keys() {
	if [[ -e $keys/server.properties ]]; then
		echo "Keys already in $keys; remove the directory to make new ones" >&2
		exit 1
	fi
	# Secret keys go to files only their owner can read, never on a command line.
	umask 077
	mkdir -p "$keys"
	local server worker
	server=$(java -Dloader.main=io.github.ipcworker.transport.zmq.CurveKeys -cp "$jar" \
		org.springframework.boot.loader.launch.PropertiesLauncher server)
	worker=$(java -Dloader.main=io.github.ipcworker.transport.zmq.CurveKeys -cp "$jar" \
		org.springframework.boot.loader.launch.PropertiesLauncher worker)
	local server_public worker_public
	server_public=$(sed -n 's/^ipc\.worker\.zmq\.server-public-key=//p' <<<"$server")
	worker_public=$(sed -n 's/^ipc\.worker\.zmq\.worker-public-key=//p' <<<"$worker")
	sed -n 's/^ipc\.worker\.zmq\.server-secret-key=//p' <<<"$server" >"$keys/server.key"
	sed -n 's/^ipc\.worker\.zmq\.worker-secret-key=//p' <<<"$worker" >"$keys/worker.key"
	echo "$worker_public" >"$keys/worker-hosts"
	cat >"$keys/server.properties" <<PROPERTIES
ipc.worker.zmq.server-public-key=$server_public
ipc.worker.zmq.server-secret-key-file=$keys/server.key
ipc.worker.zmq.authorized-keys-file=$keys/worker-hosts
PROPERTIES
	cat >"$keys/worker.properties" <<PROPERTIES
ipc.worker.zmq.server-public-key=$server_public
ipc.worker.zmq.worker-public-key=$worker_public
ipc.worker.zmq.worker-secret-key-file=$keys/worker.key
PROPERTIES
	echo "Keys written to $keys"
}

case ${1:-host} in
keys)
	make_keys
	;;
host)
	if [[ ! -f $keys/worker.properties ]]; then
		echo "No keys in $keys; make them with: $0 keys" >&2
		exit 1
	fi
	exec java -jar "$jar" --spring.config.import="file:$keys/worker.properties" \
		--ipc.worker.remote.connect="$connect" --ipc.worker.remote.group=thumbnails
	;;
*)
	echo "usage: $0 [keys|host]" >&2
	exit 2
	;;
esac
