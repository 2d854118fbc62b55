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

import java.util.Map;

import dev.writethrough.changecapture.ChangeCapture;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Health ({@code writeThroughChangeCapture}: up while an instance reads the stream, with
 * the stored position, the lag and the counts) and the {@code changecapture} endpoint
 * (the same, on demand).
 *
 * @author write-through
 */
@AutoConfiguration(after = ChangeCaptureAutoConfiguration.class)
@ConditionalOnBean(ChangeCapture.class)
public final class ChangeCaptureActuatorAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(AbstractHealthIndicator.class)
	static class HealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "writeThroughChangeCaptureHealthIndicator")
		AbstractHealthIndicator writeThroughChangeCaptureHealthIndicator(ChangeCapture changeCapture) {
			return new ChangeCaptureHealthIndicator(changeCapture);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Endpoint.class)
	static class EndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ChangeCaptureEndpoint changeCaptureEndpoint(ChangeCapture changeCapture) {
			return new ChangeCaptureEndpoint(changeCapture);
		}

	}

	static final class ChangeCaptureHealthIndicator extends AbstractHealthIndicator {

		private final ChangeCapture changeCapture;

		ChangeCaptureHealthIndicator(ChangeCapture changeCapture) {
			super("Change capture health check failed");
			this.changeCapture = changeCapture;
		}

		@Override
		protected void doHealthCheck(Health.Builder builder) {
			Map<String, Object> status = ChangeCaptureStatus.of(this.changeCapture);
			if ("none".equals(status.get("leader"))) {
				builder.down()
					.withDetail("reason", "no instance reads the change stream: changes made outside the annotated"
							+ " methods are not evicted until one does (is the database reachable?)");
			}
			else {
				builder.up();
			}
			builder.withDetails(status);
		}

	}

	/**
	 * The {@code changecapture} endpoint: the stream, who reads it, its stored position,
	 * the lag and the counts.
	 */
	@Endpoint(id = "changecapture")
	public static final class ChangeCaptureEndpoint {

		private final ChangeCapture changeCapture;

		ChangeCaptureEndpoint(ChangeCapture changeCapture) {
			this.changeCapture = changeCapture;
		}

		/**
		 * The change stream's state.
		 * @return the stream, who reads it, its position, lag and counts
		 */
		@ReadOperation
		public Map<String, Object> changeCapture() {
			return ChangeCaptureStatus.of(this.changeCapture);
		}

	}

}
