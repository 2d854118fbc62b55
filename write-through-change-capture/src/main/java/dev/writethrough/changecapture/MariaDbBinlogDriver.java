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

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import java.util.logging.Logger;

import org.jspecify.annotations.Nullable;

/**
 * The JDBC driver Debezium's MySQL connector uses when it reads a MariaDB binary log:
 * MySQL Connector/J, with the one statement MariaDB names differently rewritten. The
 * connector asks for {@code SHOW BINARY LOG STATUS} (MySQL 8.4) and, since it reads
 * MariaDB's version 10.11 as newer than 8.4, refuses the older name; MariaDB answers the
 * same question as {@code SHOW MASTER STATUS}. Registered for URLs that start with
 * {@value #PROTOCOL}; not for direct use.
 *
 * @author write-through
 */
public final class MariaDbBinlogDriver implements Driver {

	/** The URL protocol this driver accepts, in place of {@code jdbc:mysql}. */
	public static final String PROTOCOL = "jdbc:writethrough-mariadb";

	static {
		try {
			DriverManager.registerDriver(new MariaDbBinlogDriver());
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot register " + MariaDbBinlogDriver.class.getName(), ex);
		}
	}

	private final Driver delegate = new com.mysql.cj.jdbc.Driver();

	/**
	 * Create a new instance; Debezium does, by class name.
	 * @throws SQLException never, but MySQL Connector/J declares it
	 */
	public MariaDbBinlogDriver() throws SQLException {
	}

	@Override
	public @Nullable Connection connect(String url, Properties info) throws SQLException {
		if (!acceptsURL(url)) {
			return null;
		}
		Connection connection = this.delegate.connect("jdbc:mysql" + url.substring(PROTOCOL.length()), info);
		return (connection != null) ? proxy(Connection.class, connection) : null;
	}

	@Override
	public boolean acceptsURL(String url) {
		return url != null && url.startsWith(PROTOCOL);
	}

	@Override
	public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
		return this.delegate.getPropertyInfo("jdbc:mysql" + url.substring(PROTOCOL.length()), info);
	}

	@Override
	public int getMajorVersion() {
		return this.delegate.getMajorVersion();
	}

	@Override
	public int getMinorVersion() {
		return this.delegate.getMinorVersion();
	}

	@Override
	public boolean jdbcCompliant() {
		return false;
	}

	@Override
	public Logger getParentLogger() throws SQLFeatureNotSupportedException {
		return this.delegate.getParentLogger();
	}

	/**
	 * The statement MariaDB understands for one the MySQL connector sends.
	 * @param sql the statement
	 * @return it, or MariaDB's name for it
	 */
	public static String rewritten(String sql) {
		return sql.trim().toUpperCase(Locale.ROOT).startsWith("SHOW BINARY LOG STATUS") ? "SHOW MASTER STATUS" : sql;
	}

	@SuppressWarnings("unchecked")
	private static <T> T proxy(Class<T> type, T target) {
		InvocationHandler handler = (proxy, method, arguments) -> invoke(target, method, arguments);
		return (T) Proxy.newProxyInstance(MariaDbBinlogDriver.class.getClassLoader(), new Class<?>[] { type }, handler);
	}

	private static @Nullable Object invoke(Object target, Method method, Object @Nullable [] arguments)
			throws Throwable {
		if (arguments != null && arguments.length > 0 && arguments[0] instanceof String sql
				&& (method.getName().startsWith("execute") || method.getName().startsWith("prepare")
						|| method.getName().equals("addBatch"))) {
			arguments[0] = rewritten(sql);
		}
		try {
			Object result = method.invoke(target, arguments);
			if (result instanceof Statement statement && method.getReturnType() == Statement.class) {
				return proxy(Statement.class, statement);
			}
			return result;
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
		}
	}

}
