/*
 * Copyright 2026 the original author or authors.
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

package dev.writethrough.changecapture.autoconfigure;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.writethrough.changecapture.ChangeCapture;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Meters of change capture: {@code writethrough.changecapture.lag} (time gauge: how long
 * after its commit the last change was invalidated),
 * {@code writethrough.changecapture.events} (changes of mapped tables read),
 * {@code writethrough.changecapture.evictions} ({@code cache},
 * {@code result=evicted|skipped}: skipped when the cache already held that version) and
 * {@code writethrough.changecapture.leader} (1 on the instance that reads the stream),
 * each tagged with the {@code stream}.
 *
 * @author write-through
 */
@AutoConfiguration(after = ChangeCaptureAutoConfiguration.class)
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(ChangeCapture.class)
public final class ChangeCaptureMetricsAutoConfiguration {

	/** Time gauge: how long after its commit the last change was invalidated. */
	public static final String LAG = "writethrough.changecapture.lag";

	/** Counter: changes of mapped tables read from the stream. */
	public static final String EVENTS = "writethrough.changecapture.events";

	/** Counter: keys the stream evicted or skipped, by cache and result. */
	public static final String EVICTIONS = "writethrough.changecapture.evictions";

	/** Gauge: 1 on the instance that reads the stream, 0 elsewhere. */
	public static final String LEADER = "writethrough.changecapture.leader";

	@Bean
	MeterBinder writeThroughChangeCaptureMeters(ChangeCapture changeCapture) {
		return (registry) -> bind(changeCapture, registry);
	}

	private static void bind(ChangeCapture changeCapture, MeterRegistry registry) {
		String stream = changeCapture.getName();
		TimeGauge.builder(LAG, changeCapture, TimeUnit.MILLISECONDS, (capture) -> {
			Duration lag = capture.getLag();
			return (lag != null) ? lag.toMillis() : 0;
		})
			.tag("stream", stream)
			.description("How long after its commit the last change was invalidated")
			.register(registry);
		FunctionCounter.builder(EVENTS, changeCapture, ChangeCapture::getEvents)
			.tag("stream", stream)
			.description("Changes of mapped tables read from the change stream")
			.register(registry);
		Gauge.builder(LEADER, changeCapture, (capture) -> capture.isLeader() ? 1 : 0)
			.tag("stream", stream)
			.description("1 on the instance that reads the change stream")
			.register(registry);
		for (String cache : changeCapture.getEvictions().keySet()) {
			FunctionCounter
				.builder(EVICTIONS, changeCapture, (capture) -> capture.getEvictions().getOrDefault(cache, 0L))
				.tags("stream", stream, "cache", cache, "result", "evicted")
				.register(registry);
			FunctionCounter.builder(EVICTIONS, changeCapture, (capture) -> capture.getSkipped().getOrDefault(cache, 0L))
				.tags("stream", stream, "cache", cache, "result", "skipped")
				.register(registry);
		}
	}

}
