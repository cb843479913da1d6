package dev.selfdns.discovery;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Address;

/**
 * A cloud's instance metadata service, which knows an instance's public address although it
 * is not on any interface (NAT): AWS (IMDSv2, with its session token), Google Cloud and Azure.
 * The base URL is a setting, so tests point it at a server on loopback.
 */
public final class InstanceMetadata implements AddressSource {

	/** Which cloud. */
	public enum Cloud {

		/** Amazon EC2, IMDSv2: a PUT for a session token, then GETs with it. */
		AWS("http://169.254.169.254"),

		/** Google Compute Engine: GETs with {@code Metadata-Flavor: Google}. */
		GCP("http://metadata.google.internal"),

		/** Azure: GETs with {@code Metadata: true}. */
		AZURE("http://169.254.169.254");

		private final String defaultUrl;

		Cloud(String defaultUrl) {
			this.defaultUrl = defaultUrl;
		}

		public String defaultUrl() {
			return this.defaultUrl;
		}

	}

	/** The metadata service answers on the host's own link in microseconds; a second is plenty. */
	private static final Duration TIMEOUT = Duration.ofSeconds(2);

	private static final String AWS_TOKEN_TTL = "21600";

	private final Cloud cloud;

	private final String baseUrl;

	private final HttpClient http;

	/**
	 * Create the source.
	 * @param cloud which cloud
	 * @param baseUrl the metadata service's base URL, {@code null} for the cloud's own
	 */
	public InstanceMetadata(Cloud cloud, @Nullable String baseUrl) {
		this.cloud = cloud;
		String base = (baseUrl != null && !baseUrl.isBlank()) ? baseUrl : cloud.defaultUrl();
		this.baseUrl = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
		// Never through a proxy: the metadata service is on the instance's own link.
		this.http = HttpClient.newBuilder()
			.connectTimeout(TIMEOUT)
			.proxy(HttpClient.Builder.NO_PROXY)
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
	}

	@Override
	public List<InetAddress> read() throws IOException {
		return switch (this.cloud) {
			case AWS -> aws();
			case GCP -> addresses(get("/computeMetadata/v1/instance/network-interfaces/0/access-configs/0/external-ip",
					"Metadata-Flavor", "Google"));
			case AZURE -> addresses(get("/metadata/instance/network/interface/0/ipv4/ipAddress/0/publicIpAddress"
					+ "?api-version=2021-02-01&format=text", "Metadata", "true"));
		};
	}

	private List<InetAddress> aws() throws IOException {
		HttpRequest tokenRequest = HttpRequest.newBuilder(URI.create(this.baseUrl + "/latest/api/token"))
			.timeout(TIMEOUT)
			.header("X-aws-ec2-metadata-token-ttl-seconds", AWS_TOKEN_TTL)
			.PUT(HttpRequest.BodyPublishers.noBody())
			.build();
		String token = send(tokenRequest);
		if (token == null || token.isBlank()) {
			throw new IOException("the instance metadata service gave no IMDSv2 token at " + this.baseUrl
					+ "/latest/api/token (is the hop limit 1 in a container? set it to 2)");
		}
		List<InetAddress> addresses = new ArrayList<>(
				addresses(get("/latest/meta-data/public-ipv4", "X-aws-ec2-metadata-token", token.trim())));
		addresses.addAll(addresses(get("/latest/meta-data/ipv6", "X-aws-ec2-metadata-token", token.trim())));
		return addresses;
	}

	private @Nullable String get(String path, String header, String value) throws IOException {
		return send(HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.timeout(TIMEOUT)
			.header(header, value)
			.GET()
			.build());
	}

	/** The body, {@code null} for 404 (no such address); any other status fails. */
	private @Nullable String send(HttpRequest request) throws IOException {
		HttpResponse<String> response;
		try {
			response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("interrupted", ex);
		}
		if (response.statusCode() == 404) {
			return null;
		}
		if (response.statusCode() != 200) {
			throw new IOException(request.method() + " " + request.uri() + " answered HTTP " + response.statusCode());
		}
		return response.body();
	}

	private List<InetAddress> addresses(@Nullable String body) throws IOException {
		List<InetAddress> addresses = new ArrayList<>();
		if (body == null) {
			return addresses;
		}
		for (String line : body.split("[\\s,]+")) {
			if (line.isBlank()) {
				continue;
			}
			try {
				addresses.add(Address.getByAddress(line.trim()));
			}
			catch (java.net.UnknownHostException ex) {
				throw new IOException("the instance metadata gave '" + line.trim() + "', not an IP address");
			}
		}
		return addresses;
	}

	@Override
	public String whenEmpty() {
		if (this.cloud == Cloud.AZURE) {
			return "Azure's instance metadata shows no public address: it does not show Standard-SKU public IPs. "
					+ "Set selfdns.addresses to the public address (az network public-ip show --query ipAddress) "
					+ "and selfdns.address-discovery.mode=static";
		}
		return "the instance has no public address in its metadata; give it one, or set selfdns.addresses";
	}

	@Override
	public String describe() {
		return this.cloud.name().toLowerCase(Locale.ROOT) + " instance metadata at " + this.baseUrl;
	}

}
