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
package dev.writethrough.behind;

/**
 * One write as its queue holds it.
 *
 * @param partition the partition whose stream holds it
 * @param id the stream id
 * @param key the key as it appears in Redis keys
 * @param serializedKey the key, serialized for the writer
 * @param delete whether the write is an eviction (a delete in the database)
 * @param value the serialized value (the absent-value marker for a delete)
 * @author write-through
 */
record QueuedWrite(WriteBehindPartition partition, String id, String key, byte[] serializedKey, boolean delete,
		byte[] value) {

	/**
	 * Names the write among those of every partition (stream ids are only unique within a
	 * stream).
	 * @return the partition and the stream id
	 */
	String ref() {
		return this.partition.index() + "/" + this.id;
	}

}
