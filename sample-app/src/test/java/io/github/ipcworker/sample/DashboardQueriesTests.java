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
package io.github.ipcworker.sample;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * Every query of the Grafana dashboard in {@code docs/grafana} names meters that a scrape
 * of the running sample has, so a renamed meter or a Prometheus naming change breaks this
 * test rather than the dashboard.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "ipc.worker.groups.thumbnails.workers=1")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DashboardQueriesTests {

	/** The dashboard, from the module directory, where Maven runs the tests. */
	private static final Path DASHBOARD = Path
		.of(System.getProperty("ipc.dashboard", "../docs/grafana/ipc-worker-dashboard.json"));

	@LocalServerPort
	private int port;

	private SampleHttp http;

	@BeforeEach
	void connect() {
		this.http = new SampleHttp(this.port);
	}

	@Test
	void everyDashboardQueryNamesAMeterTheSampleExposes() throws Exception {
		Map<String, Set<String>> queries = queries(JsonMapper.shared().readTree(DASHBOARD.toFile()));
		assertThat(queries).as("queries in %s", DASHBOARD).hasSizeGreaterThan(5);
		// Samples for the timers (thumbnails, primes) and the gauges; restart counters
		// exist from the start.
		assertThat(this.http.post("/thumbnails?size=32", "image/png", SampleHttp.png(64, 64)).statusCode())
			.isEqualTo(200);
		assertThat(this.http.post("/thumbnails", "application/octet-stream", new byte[] { 1, 2, 3 }).statusCode())
			.isEqualTo(400);
		assertThat(new String(this.http.get("/primes?below=30").body(), StandardCharsets.UTF_8)).contains("event:done");
		// The groups record a request just after its caller got the answer.
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			Set<String> scraped = scrapedNames();
			Map<String, Set<String>> missing = new LinkedHashMap<>();
			queries.forEach((query, names) -> {
				Set<String> absent = new TreeSet<>(names);
				absent.removeAll(scraped);
				if (!absent.isEmpty()) {
					missing.put(query, absent);
				}
			});
			assertThat(missing)
				.as("meters the dashboard's queries name and the scrape lacks; ipc_worker_* scraped: %s",
						scraped.stream().filter((name) -> name.startsWith("ipc_worker")).toList())
				.isEmpty();
		});
	}

	@Test
	void prometheusEndpointServesTheHistogramBuckets() throws Exception {
		assertThat(this.http.post("/thumbnails?size=16", "image/png", SampleHttp.png(32, 32)).statusCode())
			.isEqualTo(200);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			String scrape = scrape();
			// histogram_quantile needs the buckets the sample's properties turn on.
			assertThat(scrape).containsPattern("ipc_worker_requests_seconds_bucket\\{[^}]*group=\"thumbnails\"")
				.containsPattern("ipc_worker_execution_seconds_bucket\\{[^}]*group=\"thumbnails\"");
		});
	}

	@Test
	void extractorFindsMetricNamesAndNothingElse() {
		assertThat(metricNames("histogram_quantile(0.99, sum by (group, outcome, le) "
				+ "(rate(a_bucket{group=~\"$group\", le!=\"{x}\"}[$__rate_interval])))"))
			.containsExactly("a_bucket");
		assertThat(metricNames("sum(rate(b_total[5m])) without (instance) / on (group) group_left (cause) c:rule"))
			.containsExactly("b_total", "c:rule");
		assertThat(metricNames("max by (group) (d{group=~\"${group}\"} offset 5m) > bool 1e3 and e"))
			.containsExactly("d", "e");
		assertThat(metricNames("increase(f[$__range:1m]) unless g[1h] @ end()")).containsExactly("f", "g");
		assertThat(variableMetricNames("label_values(h_seconds_count{outcome=\"x\"}, group)"))
			.containsExactly("h_seconds_count");
		// A misspelled function is an error rather than a meter name.
		assertThatIllegalArgumentException().isThrownBy(() -> metricNames("rat(i_total[1m])"));
		// Each query must name a meter, so that none escapes the check.
		assertThatIllegalArgumentException().isThrownBy(() -> metricNames("vector(1)"));
	}

	private Set<String> scrapedNames() throws Exception {
		Set<String> names = new TreeSet<>();
		for (String line : scrape().lines().toList()) {
			Matcher name = METRIC_NAME.matcher(line);
			if (!line.startsWith("#") && name.lookingAt()) {
				names.add(name.group());
			}
		}
		return names;
	}

	private String scrape() throws Exception {
		HttpResponse<byte[]> response = this.http.get("/actuator/prometheus");
		assertThat(response.statusCode()).isEqualTo(200);
		return new String(response.body(), StandardCharsets.UTF_8);
	}

	/**
	 * Returns the metric names of each PromQL query of a dashboard: the {@code expr} of
	 * every target, in panels and rows alike, and the query of every query variable.
	 */
	private static Map<String, Set<String>> queries(JsonNode dashboard) {
		Map<String, Set<String>> queries = new LinkedHashMap<>();
		for (JsonNode expr : dashboard.findValues("expr")) {
			queries.put(expr.asString(), metricNames(expr.asString()));
		}
		for (JsonNode variable : dashboard.at("/templating/list")) {
			if ("query".equals(variable.at("/type").asString())) {
				JsonNode query = variable.at("/query");
				String text = query.isString() ? query.asString() : query.at("/query").asString();
				queries.put(text, variableMetricNames(text));
			}
		}
		return queries;
	}

	/** Grafana's {@code label_values([selector,] label)}, the one form used here. */
	static Set<String> variableMetricNames(String query) {
		Matcher labelValues = Pattern.compile("label_values\\((.+),\\s*[a-zA-Z_]\\w*\\s*\\)").matcher(query.strip());
		if (!labelValues.matches()) {
			throw new IllegalArgumentException("Not label_values(metric, label): " + query);
		}
		return metricNames(labelValues.group(1));
	}

	private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

	private static final Pattern TOKEN = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");

	/** Label lists of grouping modifiers: label names, not meters. */
	private static final Pattern LABEL_LIST = Pattern
		.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^()]*\\)");

	private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "inf", "nan", "atan2");

	/** PromQL's aggregation operators and functions. */
	private static final Set<String> FUNCTIONS = Set.of("sum", "min", "max", "avg", "group", "stddev", "stdvar",
			"count", "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio", "abs", "absent",
			"absent_over_time", "ceil", "changes", "clamp", "clamp_max", "clamp_min", "day_of_month", "day_of_week",
			"day_of_year", "days_in_month", "delta", "deriv", "exp", "floor", "histogram_avg", "histogram_count",
			"histogram_fraction", "histogram_quantile", "histogram_stddev", "histogram_stdvar", "histogram_sum",
			"holt_winters", "hour", "idelta", "increase", "irate", "label_join", "label_replace", "ln", "log2", "log10",
			"minute", "month", "predict_linear", "rate", "resets", "round", "scalar", "sgn", "sort", "sort_desc",
			"sqrt", "time", "timestamp", "vector", "year", "avg_over_time", "min_over_time", "max_over_time",
			"sum_over_time", "count_over_time", "quantile_over_time", "stddev_over_time", "stdvar_over_time",
			"last_over_time", "present_over_time", "start", "end");

	/**
	 * Returns the metric names a PromQL query reads: what is left after dropping strings
	 * (label values, regexes), matcher bodies and label lists (label names), range and
	 * subquery brackets, Grafana variables, numbers, keywords and function names.
	 * @param query the query
	 * @return the names, in order of first appearance
	 * @throws IllegalArgumentException if the query calls an unknown function or reads no
	 * metric
	 */
	static Set<String> metricNames(String query) {
		String rest = query.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`", "\"\"")
			.replaceAll("\\$\\{[^}]*\\}|\\$\\w+", " ")
			.replaceAll("\\{[^{}]*\\}", "{}")
			.replaceAll("\\[[^\\[\\]]*\\]", "[]");
		rest = LABEL_LIST.matcher(rest).replaceAll(" ");
		rest = rest.replaceAll("(?<![\\w:])\\d[\\w.]*(?:[eE][+-]?\\d+)?", " ");
		Set<String> names = new LinkedHashSet<>();
		List<String> unknown = new ArrayList<>();
		Matcher token = TOKEN.matcher(rest);
		while (token.find()) {
			String name = token.group(1);
			if (token.group(2) != null) {
				if (!FUNCTIONS.contains(name)) {
					unknown.add(name);
				}
			}
			else if (!KEYWORDS.contains(name.toLowerCase(Locale.ROOT))) {
				names.add(name);
			}
		}
		if (!unknown.isEmpty()) {
			throw new IllegalArgumentException("Unknown functions " + unknown + " in " + query);
		}
		if (names.isEmpty()) {
			throw new IllegalArgumentException("No metric in " + query);
		}
		return names;
	}

}
