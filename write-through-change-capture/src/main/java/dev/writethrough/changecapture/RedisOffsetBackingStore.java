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

package dev.writethrough.changecapture;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.storage.MemoryOffsetBackingStore;

/**
 * Kafka Connect offsets kept in Redis, so the change stream's position survives a restart
 * of every instance and moves only while this instance holds the lease. Debezium creates
 * it by class name ({@code offset.storage}); not for direct use.
 *
 * @author write-through
 */
public final class RedisOffsetBackingStore extends MemoryOffsetBackingStore {

	private static final Pattern SKIPS = Pattern.compile(",?\"(event|row)\":\\d+");

	private ChangeCaptureStorage storage;

	private boolean wholeTransactions;

	@Override
	public void configure(WorkerConfig config) {
		super.configure(config);
		this.storage = ChangeCaptureStorage.registered(config.originals().get(ChangeCaptureStorage.STORAGE_ID));
		this.wholeTransactions = "true"
			.equals(String.valueOf(config.originals().get(ChangeCaptureStorage.REPLAY_WHOLE_TRANSACTIONS)));
	}

	@Override
	public synchronized void start() {
		super.start();
		Map<ByteBuffer, ByteBuffer> offsets = this.storage.loadOffsets();
		if (this.wholeTransactions) {
			offsets.replaceAll((key, value) -> (value != null) ? wholeTransaction(value) : null);
		}
		this.data.putAll(offsets);
	}

	// A binary-log position names the start of a transaction and how many of its events
	// and rows were already read. Read from MariaDB by the MySQL connector those counts
	// can skip the next transaction's change, so the whole transaction is read again:
	// invalidating twice is harmless, missing a change is not.
	private static ByteBuffer wholeTransaction(ByteBuffer value) {
		String json = StandardCharsets.UTF_8.decode(value.duplicate()).toString();
		String rewound = SKIPS.matcher(json).replaceAll("").replace("{,", "{");
		return ByteBuffer.wrap(rewound.getBytes(StandardCharsets.UTF_8));
	}

	@Override
	protected void save() {
		this.storage.saveOffsets(Map.copyOf(this.data));
	}

	@Override
	public Set<Map<String, Object>> connectorPartitions(String connectorName) {
		return Set.of();
	}

}
