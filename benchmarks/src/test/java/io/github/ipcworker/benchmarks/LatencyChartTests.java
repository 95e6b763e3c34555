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
package io.github.ipcworker.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The chart: one line per way of making the call, shared memory, ZeroMQ and in-process
 * among them, each with its figures in the legend.
 */
class LatencyChartTests {

	@Test
	void shouldDrawSharedMemoryZeroMqAndInProcess(@TempDir Path directory) throws Exception {
		Path file = directory.resolve("chart.svg");
		LatencyChart.write(
				List.of(figure("roundtrip.ipc.BYTES_64", 100), figure("roundtrip.ipc.BYTES_8M", 5000),
						figure("roundtrip.zmq.BYTES_64", 150), figure("roundtrip.zmq.BYTES_1M", 2000),
						figure("roundtrip.zmq.BYTES_8M", 20_000), figure("roundtrip.jeromq.BYTES_64", 60),
						figure("roundtrip.inprocess.BYTES_64", 6), figure("roundtrip.zmq.JSON_RECORD", 170)),
				file, "a run");
		Document chart = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
		// Shared memory's 64 B and 8 MiB are not neighbours: no line between them.
		assertThat(chart.getElementsByTagName("path").getLength()).as("lines of two neighbouring points or more")
			.isEqualTo(1);
		assertThat(chart.getElementsByTagName("circle").getLength()).as("points").isEqualTo(7);
		assertThat(Files.readString(file)).contains("ipc-worker, shared memory")
			.contains("ipc-worker, ZeroMQ")
			.contains("raw JeroMQ DEALER/ROUTER")
			.contains("in-process executor")
			.contains("64 B 150 us, 1 MiB 2000 us, 8 MiB 20.00 ms")
			.contains("raw ring, no codec or dispatch</text>")
			.contains("loopback HTTP to Spring MVC on Tomcat")
			.contains("not measured");
	}

	@Test
	void shouldJoinNeighbouringSizesOnlyAndNeverBridgeAGap(@TempDir Path directory) throws Exception {
		Path file = directory.resolve("chart.svg");
		List<Measurement> figures = new ArrayList<>();
		for (String size : List.of("BYTES_64", "BYTES_1K", "BYTES_16K", "BYTES_256K", "BYTES_1M", "BYTES_8M")) {
			figures.add(figure("roundtrip.http." + size, 200));
			if (!size.equals("BYTES_16K")) {
				figures.add(figure("roundtrip.ipc." + size, 2));
			}
		}
		LatencyChart.write(figures, file, "a run");
		NodeList paths = DocumentBuilderFactory.newInstance()
			.newDocumentBuilder()
			.parse(file.toFile())
			.getElementsByTagName("path");
		List<String> lines = new ArrayList<>();
		for (int i = 0; i < paths.getLength(); i++) {
			lines.add(((Element) paths.item(i)).getAttribute("d"));
		}
		// Shared memory: 64 B to 1 KiB, then afresh from 256 KiB to 8 MiB. HTTP: one line
		// through all six.
		assertThat(lines).extracting((d) -> d.split("M", -1).length - 1, (d) -> d.split("L", -1).length - 1)
			.containsExactly(tuple(2, 3), tuple(1, 5));
		assertThat(Files.readString(file)).contains("64 B 200 us, 1 KiB 200 us, 16 KiB 200 us</text>")
			.contains("256 KiB 200 us, 1 MiB 200 us, 8 MiB 200 us</text>");
	}

	private static Measurement figure(String id, double micros) {
		return Measurement.single(id, "us", micros, 1);
	}

}
