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

package dev.writethrough.metrics;

/**
 * The names of the starter's own meters. The caches also publish the standard
 * {@code cache.gets}, {@code cache.puts} and {@code cache.evictions} meters.
 *
 * @author write-through
 */
public final class WriteThroughMetricNames {

	/**
	 * Timer of a write, from the call until its cache step; tags {@code cache},
	 * {@code outcome}.
	 */
	public static final String WRITE = "writethrough.write";

	/** Timer of the after-commit step of one key; tag {@code cache}. */
	public static final String CACHE_UPDATE = "writethrough.cache.update";

	/** Gauge of the keys (and whole caches) whose eviction is pending. */
	public static final String PENDING_INVALIDATIONS = "writethrough.invalidations.pending";

	/**
	 * Counter of cached values ignored because they could not be read or their type is
	 * not allowed; tag {@code cache}.
	 */
	public static final String REJECTED_VALUES = "writethrough.values.rejected";

	/**
	 * Counter of fenced writes of one key by result: {@code stored},
	 * {@code stored_by_version} (writers overlapped, this one's version was the newest),
	 * {@code overlap} (evicted because another writer overlapped), {@code evicted},
	 * {@code failed}, {@code rolled_back}; tags {@code cache}, {@code result}.
	 */
	public static final String FENCE = "writethrough.fence";

	/**
	 * Counter of reads that missed, by what their read lease said: {@code granted},
	 * {@code writer_active}, {@code waited}, {@code timed_out}; tags {@code cache},
	 * {@code result}.
	 */
	public static final String LEASES = "writethrough.leases";

	/**
	 * Counter of fills after a read, by result: {@code filled}, {@code refused},
	 * {@code skipped}; tags {@code cache}, {@code result}.
	 */
	public static final String FILLS = "writethrough.fills";

	/** Gauge of the writes a write-behind cache's queue holds; tag {@code cache}. */
	public static final String WRITE_BEHIND_QUEUE_DEPTH = "writethrough.writebehind.queue.depth";

	/**
	 * Time gauge of the age of the oldest write a write-behind cache has not yet written
	 * to the database; tag {@code cache}.
	 */
	public static final String WRITE_BEHIND_LAG = "writethrough.writebehind.lag";

	/**
	 * Timer of the transactions that write a write-behind batch; tags {@code cache},
	 * {@code outcome} ({@code flushed} or {@code failed}).
	 */
	public static final String WRITE_BEHIND_FLUSH = "writethrough.writebehind.flush";

	/** Distribution of the writes per flushed batch; tag {@code cache}. */
	public static final String WRITE_BEHIND_BATCH_SIZE = "writethrough.writebehind.batch.size";

	/** Counter of writes whose batch failed and is tried again; tag {@code cache}. */
	public static final String WRITE_BEHIND_RETRIES = "writethrough.writebehind.retries";

	/**
	 * Gauge of the writes parked in a write-behind cache's dead-letter stream; tag
	 * {@code cache}.
	 */
	public static final String WRITE_BEHIND_DEAD_LETTERS = "writethrough.writebehind.dead.letters";

	/** The tag that names the result of a fence, lease or fill. */
	public static final String RESULT_TAG = "result";

	/** The tag that names why a value was refused. */
	public static final String REASON_TAG = "reason";

	/** The tag that names the cache. */
	public static final String CACHE_TAG = "cache";

	/** The tag that names the outcome of a write. */
	public static final String OUTCOME_TAG = "outcome";

	private WriteThroughMetricNames() {
	}

}
