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
package dev.writethrough.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP proxy in the benchmark JVM that delays every byte by a fixed time in each
 * direction, so that a round trip to Redis or the database costs what it would on a
 * network.
 * <p>
 * Each accepted connection gets its own pair of pipes (client to server, server to
 * client), and each pipe two daemon threads: a reader that stamps every chunk it reads
 * with the time it is due ({@code read time + delay}) and puts it in the pipe's ring of
 * buffers, and a writer that sleeps until the oldest chunk is due and forwards it.
 * Connections never wait for one another and bytes keep their order; a chunk read while
 * an earlier one is in flight is not held back by it beyond its own due time, so a
 * pipelined stream is delayed once, not once per command. The writer sleeps with
 * {@link LockSupport#parkNanos(long)}, which wakes late by the kernel's timer slack and
 * the scheduler's delay; each writer learns by how much (a moving average, at most half
 * the delay), parks that much less and yields for the rest, so the delay is close to the
 * one asked ({@link ProxyOverhead} measures how close) without a thread spinning through
 * all of it. Closing the proxy closes every connection.
 */
final class LatencyProxy implements AutoCloseable {

	private static final AtomicInteger COUNT = new AtomicInteger();

	private final String targetHost;

	private final int targetPort;

	private final long delayNanos;

	private final ServerSocket server;

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private volatile boolean closed;

	/**
	 * Starts a proxy on a free loopback port.
	 * @param targetHost where to connect
	 * @param targetPort its port
	 * @param delayNanos the delay added in each direction, 0 for none
	 */
	LatencyProxy(String targetHost, int targetPort, long delayNanos) {
		this.targetHost = targetHost;
		this.targetPort = targetPort;
		this.delayNanos = delayNanos;
		try {
			this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot open a loopback port for the latency proxy to " + targetHost + ":"
					+ targetPort + ": " + ex.getMessage(), ex);
		}
		daemon("latency-proxy-" + COUNT.incrementAndGet() + "-accept", this::accept).start();
	}

	/**
	 * The port clients connect to instead of the target's.
	 * @return the port
	 */
	int port() {
		return this.server.getLocalPort();
	}

	/**
	 * The host clients connect to.
	 * @return the loopback address
	 */
	String host() {
		return this.server.getInetAddress().getHostAddress();
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
			try {
				Socket target = new Socket();
				target.connect(new InetSocketAddress(this.targetHost, this.targetPort), 5000);
				client.setTcpNoDelay(true);
				target.setTcpNoDelay(true);
				this.sockets.add(client);
				this.sockets.add(target);
				String name = "latency-proxy-" + client.getPort();
				pipe(name + "-up", client, target);
				pipe(name + "-down", target, client);
			}
			catch (IOException ex) {
				closeQuietly(client);
			}
		}
	}

	private void pipe(String name, Socket from, Socket to) throws IOException {
		Pipe pipe = new Pipe(from.getInputStream(), to.getOutputStream(), this.delayNanos);
		Thread reader = daemon(name + "-read", () -> {
			try {
				pipe.read();
			}
			catch (IOException ex) {
				// The connection was closed or reset: forward the end.
				pipe.end();
			}
		});
		Thread writer = daemon(name + "-write", () -> {
			try {
				pipe.write();
				to.shutdownOutput();
			}
			catch (IOException ex) {
				closeQuietly(from);
				closeQuietly(to);
			}
		});
		pipe.threads(reader, writer);
		reader.start();
		writer.start();
	}

	@Override
	public void close() {
		this.closed = true;
		closeQuietly(this.server);
		this.sockets.forEach(LatencyProxy::closeQuietly);
	}

	private static Thread daemon(String name, Runnable task) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		return thread;
	}

	private static void closeQuietly(AutoCloseable closeable) {
		try {
			closeable.close();
		}
		catch (Exception ex) {
			// Closing anyway.
		}
	}

	/**
	 * One direction of a connection: a ring of buffers between one reader thread and one
	 * writer thread, so the proxy allocates nothing per chunk (the benchmarks' allocation
	 * figures count every thread of their JVM). Each slot holds a chunk as read and the
	 * time it is due; a full ring makes the reader wait, as a full socket buffer would.
	 */
	private static final class Pipe {

		private static final int SLOTS = 16;

		private static final int SLOT_BYTES = 16 * 1024;

		private final InputStream in;

		private final OutputStream out;

		private final long delayNanos;

		private final byte[][] buffers = new byte[SLOTS][SLOT_BYTES];

		private final int[] lengths = new int[SLOTS];

		private final long[] due = new long[SLOTS];

		// Chunks read and chunks written; only the reader writes the first, only the
		// writer the second. A length of -1 marks the end of the stream.
		private volatile long read;

		private volatile long written;

		private volatile Thread reader;

		private volatile Thread writer;

		Pipe(InputStream in, OutputStream out, long delayNanos) {
			this.in = in;
			this.out = out;
			this.delayNanos = delayNanos;
		}

		void threads(Thread reader, Thread writer) {
			this.reader = reader;
			this.writer = writer;
		}

		void read() throws IOException {
			while (true) {
				while (this.read - this.written == SLOTS) {
					LockSupport.park(this);
				}
				int slot = (int) (this.read % SLOTS);
				int count = this.in.read(this.buffers[slot]);
				if (count < 0) {
					end();
					return;
				}
				publish(slot, count);
			}
		}

		void end() {
			while (this.read - this.written == SLOTS) {
				LockSupport.park(this);
			}
			publish((int) (this.read % SLOTS), -1);
		}

		private void publish(int slot, int count) {
			this.lengths[slot] = count;
			this.due[slot] = System.nanoTime() + this.delayNanos;
			this.read++;
			LockSupport.unpark(this.writer);
		}

		void write() throws IOException {
			// How late parkNanos wakes this thread, learnt as it goes: it parks that
			// much less and yields through the rest, so the delay is close to the one
			// asked without spinning through all of it.
			long lateness = 0;
			while (true) {
				while (this.written == this.read) {
					LockSupport.park(this);
				}
				int slot = (int) (this.written % SLOTS);
				long dueAt = this.due[slot];
				long wait = dueAt - System.nanoTime();
				if (wait > lateness) {
					long wake = dueAt - lateness;
					LockSupport.parkNanos(this, wait - lateness);
					long late = System.nanoTime() - wake;
					lateness = Math.max(0, Math.min(this.delayNanos / 2, lateness + (late - lateness) / 8));
				}
				while (dueAt - System.nanoTime() > 0) {
					Thread.yield();
				}
				int length = this.lengths[slot];
				if (length < 0) {
					return;
				}
				this.out.write(this.buffers[slot], 0, length);
				this.written++;
				LockSupport.unpark(this.reader);
			}
		}

	}

}
