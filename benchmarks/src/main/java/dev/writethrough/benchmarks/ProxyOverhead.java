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
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What the {@link LatencyProxy} itself costs: the median and 99th percentile of a Redis
 * {@code PING} round trip over a plain socket, straight to Redis, through the proxy with
 * no delay (the proxy's own overhead: two extra hops and four thread hand-offs) and
 * through the proxy with the network profile's delay (which should add twice the delay;
 * what it adds beyond that is the sleep's overshoot).
 *
 * @param latency the delay per direction
 * @param direct the direct round trip, p50 and p99 in microseconds
 * @param proxied the round trip through the proxy without delay
 * @param delayed the round trip through the proxy with the delay
 * @param pings round trips measured per case
 */
record ProxyOverhead(Duration latency, double[] direct, double[] proxied, double[] delayed, int pings) {

	private static final byte[] PING = "PING\r\n".getBytes(StandardCharsets.US_ASCII);

	private static final int PONG_LENGTH = "+PONG\r\n".length();

	/**
	 * Measures the three cases, one after another, {@code pings} round trips each after a
	 * warm-up.
	 * @param latency the delay per direction of the network profile
	 * @param pings round trips per case
	 * @return the figures
	 */
	static ProxyOverhead measure(Duration latency, int pings) {
		String host = Services.redisHost();
		int port = Services.redisPort();
		int rounds = 10;
		try (LatencyProxy plain = new LatencyProxy(host, port, 0);
				LatencyProxy delaying = new LatencyProxy(host, port, latency.toNanos());
				Pinger direct = new Pinger(host, port, pings);
				Pinger proxied = new Pinger(plain.host(), plain.port(), pings);
				Pinger delayed = new Pinger(delaying.host(), delaying.port(), pings)) {
			// Rounds alternate between the routes, so noise from other processes lands
			// on all three alike.
			for (int round = -1; round < rounds; round++) {
				for (Pinger pinger : List.of(direct, proxied, delayed)) {
					pinger.ping(pings / rounds, round >= 0);
				}
			}
			return new ProxyOverhead(latency, direct.percentiles(), proxied.percentiles(), delayed.percentiles(),
					pings);
		}
	}

	private static final class Pinger implements AutoCloseable {

		private final String host;

		private final int port;

		private final Socket socket = new Socket();

		private final long[] nanos;

		private int recorded;

		Pinger(String host, int port, int count) {
			this.host = host;
			this.port = port;
			this.nanos = new long[count];
			try {
				this.socket.connect(new InetSocketAddress(host, port), 5000);
				this.socket.setTcpNoDelay(true);
				this.socket.setSoTimeout(5000);
			}
			catch (IOException ex) {
				throw failure(ex);
			}
		}

		void ping(int count, boolean record) {
			try {
				OutputStream out = this.socket.getOutputStream();
				InputStream in = this.socket.getInputStream();
				byte[] answer = new byte[PONG_LENGTH];
				for (int i = 0; i < count; i++) {
					long start = System.nanoTime();
					out.write(PING);
					int read = 0;
					while (read < PONG_LENGTH) {
						int n = in.read(answer, read, PONG_LENGTH - read);
						if (n < 0) {
							throw new IOException("Redis closed the connection");
						}
						read += n;
					}
					if (record && this.recorded < this.nanos.length) {
						this.nanos[this.recorded++] = System.nanoTime() - start;
					}
				}
			}
			catch (IOException ex) {
				throw failure(ex);
			}
		}

		double[] percentiles() {
			long[] sorted = Arrays.copyOf(this.nanos, this.recorded);
			Arrays.sort(sorted);
			return new double[] { sorted[sorted.length / 2] / 1000.0, sorted[(int) (sorted.length * 0.99)] / 1000.0 };
		}

		private IllegalStateException failure(IOException ex) {
			return new IllegalStateException("Cannot measure the latency proxy against Redis at " + this.host + ":"
					+ this.port + ": " + ex.getMessage(), ex);
		}

		@Override
		public void close() {
			try {
				this.socket.close();
			}
			catch (IOException ex) {
				// Measured already.
			}
		}

	}

	/**
	 * The figures as a Markdown paragraph and table.
	 * @return the Markdown
	 */
	String markdown() {
		double twice = 2 * this.latency.toNanos() / 1000.0;
		return String.format(Locale.ROOT,
				"The latency proxy, measured before the benchmarks with %,d Redis `PING` round trips per case over"
						+ " a plain socket (µs):%n%n" + "| route | p50 | p99 |%n|---|---:|---:|%n"
						+ "| straight to Redis (loopback) | %s | %s |%n"
						+ "| through the proxy, no delay (its own overhead) | %s | %s |%n"
						+ "| through the proxy, %s each way (asked: + %s) | %s | %s |%n%n"
						+ "The proxy's own overhead is %s µs per round trip at the median; the delay came out %s µs"
						+ " above the %s µs asked at the median (the sleep's overshoot, both directions).%n",
				this.pings, Report.number(this.direct[0]), Report.number(this.direct[1]),
				Report.number(this.proxied[0]), Report.number(this.proxied[1]), NetworkProfile.describe(this.latency),
				Report.number(twice), Report.number(this.delayed[0]), Report.number(this.delayed[1]),
				Report.number(this.proxied[0] - this.direct[0]),
				Report.number(this.delayed[0] - this.proxied[0] - twice), Report.number(twice));
	}

	/**
	 * Prints the figures:
	 * {@code java -cp benchmarks.jar dev.writethrough.benchmarks.ProxyOverhead} (with
	 * {@code -Dbench.latency} to change the delay).
	 * @param args none
	 */
	public static void main(String[] args) {
		System.out.print(measure(NetworkProfile.latency(), 5000).markdown());
	}

}
