package dev.selfdns.discovery;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An instance metadata service on 127.0.0.1, speaking the three clouds' protocols as their
 * documentation gives them: AWS IMDSv2 (a PUT for a session token with its TTL header; GETs
 * without the token get 401), Google Cloud (GETs need {@code Metadata-Flavor: Google}) and
 * Azure (GETs need {@code Metadata: true}). The public address it reports can be changed, set
 * to none (404 on AWS and GCP, an empty body on Azure, as for a Standard-SKU public IP) or
 * made to fail (500).
 */
final class StubInstanceMetadata implements AutoCloseable {

	private final HttpServer server;

	private final String token = UUID.randomUUID().toString();

	final AtomicInteger tokens = new AtomicInteger();

	final AtomicInteger refused = new AtomicInteger();

	private volatile String publicIpv4 = "203.0.113.5";

	private volatile boolean failing;

	StubInstanceMetadata() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
		this.server.createContext("/latest/api/token", this::awsToken);
		this.server.createContext("/latest/meta-data/", this::awsMetadata);
		this.server.createContext("/computeMetadata/v1/instance/network-interfaces/0/access-configs/0/external-ip",
				(exchange) -> headerGuarded(exchange, "Metadata-Flavor", "Google", false));
		this.server.createContext("/metadata/instance/network/interface/0/ipv4/ipAddress/0/publicIpAddress",
				(exchange) -> headerGuarded(exchange, "Metadata", "true", true));
		this.server.start();
	}

	String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	/** Report this public address from now on; {@code null} for none. */
	void publicIpv4(String address) {
		this.publicIpv4 = address;
	}

	void failing(boolean failing) {
		this.failing = failing;
	}

	private void awsToken(HttpExchange exchange) throws IOException {
		if (!"PUT".equals(exchange.getRequestMethod())
				|| exchange.getRequestHeaders().getFirst("X-aws-ec2-metadata-token-ttl-seconds") == null) {
			respond(exchange, 400, "");
			return;
		}
		this.tokens.incrementAndGet();
		respond(exchange, 200, this.token);
	}

	private void awsMetadata(HttpExchange exchange) throws IOException {
		if (!this.token.equals(exchange.getRequestHeaders().getFirst("X-aws-ec2-metadata-token"))) {
			this.refused.incrementAndGet();
			respond(exchange, 401, "");
			return;
		}
		String path = exchange.getRequestURI().getPath();
		if (path.equals("/latest/meta-data/public-ipv4")) {
			answer(exchange, false);
		}
		else {
			respond(exchange, 404, "");
		}
	}

	private void headerGuarded(HttpExchange exchange, String header, String value, boolean emptyWhenNone)
			throws IOException {
		if (!value.equals(exchange.getRequestHeaders().getFirst(header))) {
			this.refused.incrementAndGet();
			respond(exchange, 403, "");
			return;
		}
		answer(exchange, emptyWhenNone);
	}

	private void answer(HttpExchange exchange, boolean emptyWhenNone) throws IOException {
		String address = this.publicIpv4;
		if (this.failing) {
			respond(exchange, 500, "");
		}
		else if (address == null) {
			respond(exchange, emptyWhenNone ? 200 : 404, "");
		}
		else {
			respond(exchange, 200, address);
		}
	}

	private static void respond(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.sendResponseHeaders(status, (bytes.length == 0) ? -1 : bytes.length);
		if (bytes.length > 0) {
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		}
		exchange.close();
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
