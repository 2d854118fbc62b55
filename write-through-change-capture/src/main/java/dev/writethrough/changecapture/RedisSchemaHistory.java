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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;

import io.debezium.config.Configuration;
import io.debezium.document.DocumentReader;
import io.debezium.document.DocumentWriter;
import io.debezium.relational.history.AbstractSchemaHistory;
import io.debezium.relational.history.HistoryRecord;
import io.debezium.relational.history.HistoryRecordComparator;
import io.debezium.relational.history.SchemaHistoryException;
import io.debezium.relational.history.SchemaHistoryListener;

/**
 * The schema history of a MariaDB or MySQL change stream, kept in Redis beside its
 * position, so an instance that takes over reads the binary log with the right table
 * schemas. Debezium creates it by class name ({@code schema.history.internal}); not for
 * direct use.
 *
 * @author write-through
 */
public final class RedisSchemaHistory extends AbstractSchemaHistory {

	private ChangeCaptureStorage storage;

	@Override
	public void configure(Configuration config, HistoryRecordComparator comparator, SchemaHistoryListener listener,
			boolean useCatalogBeforeSchema) {
		super.configure(config, comparator, listener, useCatalogBeforeSchema);
		String id = config.getString(ChangeCaptureStorage.STORAGE_ID);
		if (id == null) {
			id = config.getString(CONFIGURATION_FIELD_PREFIX_STRING + ChangeCaptureStorage.STORAGE_ID);
		}
		this.storage = ChangeCaptureStorage.registered(id);
	}

	@Override
	protected void storeRecord(HistoryRecord record) throws SchemaHistoryException {
		try {
			this.storage.appendHistory(DocumentWriter.defaultWriter().write(record.document()));
		}
		catch (IOException ex) {
			throw new SchemaHistoryException("Cannot write a schema history record", ex);
		}
	}

	@Override
	protected void recoverRecords(Consumer<HistoryRecord> records) {
		for (String record : this.storage.history()) {
			try {
				records.accept(new HistoryRecord(DocumentReader.defaultReader().read(record)));
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot read a schema history record", ex);
			}
		}
	}

	@Override
	public boolean exists() {
		return this.storage.historyExists();
	}

	@Override
	public boolean storageExists() {
		return true;
	}

}
