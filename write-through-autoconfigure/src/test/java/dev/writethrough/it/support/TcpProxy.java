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

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy between a client and a server, for injecting network faults for real: it
 * can cut every open connection, refuse new ones, and delay what it forwards.
 */
public final class TcpProxy implements AutoCloseable {

	private final String targetHost;

	private final int targetPort;

	private final ServerSocket server;

	private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

	private final AtomicLong delayNanos = new AtomicLong();

	private volatile boolean refusing;

	private volatile boolean closed;

	private TcpProxy(String targetHost, int targetPort) throws IOException {
		this.targetHost = targetHost;
		this.targetPort = targetPort;
		this.server = new ServerSocket();
		this.server.bind(new InetSocketAddress("127.0.0.1", 0));
		Thread acceptor = new Thread(this::accept, "tcp-proxy-" + this.server.getLocalPort());
		acceptor.setDaemon(true);
		acceptor.start();
	}

	/**
	 * Starts a proxy on a free local port that forwards to a server.
	 * @param targetHost the server's host
	 * @param targetPort the server's port
	 * @return the running proxy
	 */
	public static TcpProxy start(String targetHost, int targetPort) {
		try {
			return new TcpProxy(targetHost, targetPort);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start a TCP proxy", ex);
		}
	}

	/**
	 * The port clients connect to.
	 * @return the proxy's port
	 */
	public int port() {
		return this.server.getLocalPort();
	}

	/**
	 * Closes every open connection, as a network failure would; new connections are
	 * accepted unless {@link #refuse(boolean)} says otherwise.
	 */
	public void cut() {
		for (Socket socket : this.sockets) {
			closeQuietly(socket);
		}
	}

	/**
	 * Starts or stops refusing connections: while refusing, open connections are cut and
	 * new ones are closed as soon as they are accepted.
	 * @param refuse whether to refuse
	 */
	public void refuse(boolean refuse) {
		this.refusing = refuse;
		if (refuse) {
			cut();
		}
	}

	/**
	 * Delays every chunk forwarded in either direction.
	 * @param delay the delay, zero for none
	 */
	public void delay(Duration delay) {
		this.delayNanos.set(delay.toNanos());
	}

	/**
	 * Forwards normally again: no delay, new connections accepted.
	 */
	public void heal() {
		this.refusing = false;
		this.delayNanos.set(0);
	}

	@Override
	public void close() {
		this.closed = true;
		closeQuietly(this.server);
		cut();
	}

	private void accept() {
		while (!this.closed) {
			Socket client;
			try {
				client = this.server.accept();
			}
			catch (IOException ex) {
				return;
			}
			if (this.refusing) {
				closeQuietly(client);
				continue;
			}
			Socket upstream = new Socket();
			try {
				upstream.connect(new InetSocketAddress(this.targetHost, this.targetPort), 1000);
			}
			catch (IOException ex) {
				closeQuietly(client);
				closeQuietly(upstream);
				continue;
			}
			this.sockets.add(client);
			this.sockets.add(upstream);
			pump(client, upstream);
			pump(upstream, client);
		}
	}

	private void pump(Socket from, Socket to) {
		Thread thread = new Thread(() -> {
			byte[] buffer = new byte[16 * 1024];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				int read;
				while ((read = in.read(buffer)) != -1) {
					long delay = this.delayNanos.get();
					if (delay > 0) {
						TimeUnit.NANOSECONDS.sleep(delay);
					}
					out.write(buffer, 0, read);
					out.flush();
				}
			}
			catch (IOException | InterruptedException ex) {
				// the connection was cut or closed: close both ends below
			}
			finally {
				closeQuietly(from);
				closeQuietly(to);
				this.sockets.remove(from);
				this.sockets.remove(to);
			}
		}, "tcp-proxy-pump");
		thread.setDaemon(true);
		thread.start();
	}

	private static void closeQuietly(AutoCloseable closeable) {
		try {
			closeable.close();
		}
		catch (SocketException ex) {
			// already closed
		}
		catch (Exception ex) {
			// a proxy that cannot close a socket has nothing better to do
		}
	}

}
