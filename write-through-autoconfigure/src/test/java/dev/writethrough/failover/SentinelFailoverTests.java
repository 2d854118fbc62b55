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

package dev.writethrough.failover;

import dev.writethrough.it.support.RedisTopologies;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Failovers of a Sentinel setup: the master killed and the replica promoted by the
 * sentinels, or a {@code SENTINEL FAILOVER}.
 */
class SentinelFailoverTests extends AbstractFailoverTests {

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		RedisTopologies.sentinel().register(registry);
	}

	@Override
	protected String topology() {
		return "Sentinel";
	}

	@Override
	protected void killMaster(byte[] redisKey) {
		RedisTopologies.sentinel().killMasterAndAwaitPromotion();
	}

	@Override
	protected void failOverManually(byte[] redisKey) {
		RedisTopologies.sentinel().failOver();
	}

	// SENTINEL FAILOVER promotes the replica while the old master still takes writes,
	// until the sentinels demote it: those writes are lost, manual or not.
	@Override
	protected boolean mayLoseWrites(boolean manual) {
		return fenceReplicas() == 0;
	}

	@Override
	protected void heal() {
		RedisTopologies.sentinel();
	}

}
