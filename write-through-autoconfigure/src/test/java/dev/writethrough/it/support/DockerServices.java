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

package dev.writethrough.it.support;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.mariadb.MariaDBContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The last resort of test support: services started with Testcontainers when neither an
 * environment URL nor a local service is there, but a Docker engine is. Each is started
 * once per test JVM and stopped with it.
 */
final class DockerServices {

	private static PostgreSQLContainer postgres;

	private static MariaDBContainer mariadb;

	private static GenericContainer<?> redis;

	private DockerServices() {
	}

	static boolean dockerAvailable() {
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException | LinkageError ex) {
			return false;
		}
	}

	static synchronized PostgreSQLContainer postgres() {
		if (postgres == null) {
			postgres = new PostgreSQLContainer("postgres:16-alpine").withDatabaseName("test");
			postgres.start();
		}
		return postgres;
	}

	static synchronized MariaDBContainer mariadb() {
		if (mariadb == null) {
			mariadb = new MariaDBContainer("mariadb:11").withDatabaseName("test");
			mariadb.start();
		}
		return mariadb;
	}

	static synchronized GenericContainer<?> redis() {
		if (redis == null) {
			redis = new GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
			redis.start();
		}
		return redis;
	}

}
