package dev.selfdns.actuate;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * The {@code selfdns} endpoint over HTTP: a request it cannot carry out gets 400 with the reason
 * in an RFC 9457 problem detail, not a bare "Bad Request".
 */
@EndpointWebExtension(endpoint = SelfDnsEndpoint.class)
public class SelfDnsEndpointWebExtension {

	private final SelfDnsEndpoint endpoint;

	public SelfDnsEndpointWebExtension(SelfDnsEndpoint endpoint) {
		this.endpoint = endpoint;
	}

	/**
	 * Drain, resume or retire the host.
	 * @param action {@code drain}, {@code resume} or {@code retire}
	 * @param note why, shown in the state and the log (drain only)
	 * @return the state after the change, or 400 with why nothing was done
	 */
	@WriteOperation
	public WebEndpointResponse<Object> change(@Nullable String action, @Nullable String note) {
		String problem = this.endpoint.problem(action);
		if (problem != null) {
			return new WebEndpointResponse<>(new Problem("about:blank", "Bad Request", 400, problem), 400);
		}
		return new WebEndpointResponse<>(this.endpoint.change(action, note), 200);
	}

	/**
	 * A problem detail (RFC 9457).
	 *
	 * @param type the problem type
	 * @param title the status' title
	 * @param status the HTTP status
	 * @param detail what went wrong and how to fix it
	 */
	public record Problem(String type, String title, int status, String detail) {

	}

}
