package dev.jobregistry.adapter.in.web;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How the HTTP adapter listens and what it lets in.
 *
 * <p>The service answers only to its own names ({@code Host} check, against DNS rebinding) and to
 * its own origins ({@code Origin} check, against cross-site requests). Its names are
 * {@code localhost}, {@code 127.0.0.1}, {@code [::1]}, {@link #host()} when it is a specific
 * address or name, every name in {@link #extraHostNames()}, and the IP address a request arrived
 * on (so {@code http://192.168.1.5:8080} works when bound to {@code 0.0.0.0}). Any other DNS name
 * must be listed in {@code extraHostNames}.
 *
 * @param host           the address or name to bind to, such as {@code 127.0.0.1} (loopback, the
 *                       default) or {@code 0.0.0.0} (every interface, which requires a token)
 * @param port           the port to bind to; 0 picks a free one
 * @param extraHostNames further names clients use to reach the service (no scheme, no port), for
 *                       example {@code phone.lan}; IPv6 addresses may be given with or without brackets
 * @param token          the bearer token every {@code /api/} request must carry, if any; required when
 *                       {@code host} is not a loopback address
 * @param maxBodyBytes   the largest request body accepted, in bytes; larger bodies get 413
 */
public record HttpSettings(String host, int port, Set<String> extraHostNames, Optional<String> token,
                           long maxBodyBytes) {

    /** The default body limit: 1 MiB. */
    public static final long DEFAULT_MAX_BODY_BYTES = 1L << 20;

    /** The loopback address the service binds to unless told otherwise. */
    public static final String DEFAULT_HOST = "127.0.0.1";

    /** The largest body limit that can be set: a body is read into one array. */
    public static final long MAX_BODY_LIMIT = Integer.MAX_VALUE - 16;

    /**
     * Checks and normalizes the settings (host names lower-case, IPv6 names in brackets).
     *
     * @throws IllegalArgumentException when a value is out of range, or when a non-loopback host
     *                                  is given without a token
     */
    public HttpSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(extraHostNames, "extraHostNames");
        Objects.requireNonNull(token, "token");
        host = host.trim();
        if (host.isEmpty()) {
            throw new IllegalArgumentException("The HTTP host is empty; use 127.0.0.1 to listen on loopback only");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("The HTTP port must be between 0 and 65535, got " + port);
        }
        Set<String> names = new LinkedHashSet<>();
        for (String name : extraHostNames) {
            names.add(normalizeExtraName(name));
        }
        extraHostNames = Set.copyOf(names);
        if (token.isPresent() && (token.get().isBlank() || !token.get().equals(token.get().strip())
                || token.get().chars().anyMatch(c -> c < 0x21 || c > 0x7e))) {
            throw new IllegalArgumentException("The API token must be printable ASCII without spaces");
        }
        if (maxBodyBytes < 1 || maxBodyBytes > MAX_BODY_LIMIT) {
            throw new IllegalArgumentException("The body limit must be between 1 and " + MAX_BODY_LIMIT
                    + " bytes, got " + maxBodyBytes);
        }
        if (!isLoopback(host) && token.isEmpty()) {
            throw new IllegalArgumentException("Listening on " + host + " exposes the job registry beyond this"
                    + " machine; set an API token, or listen on 127.0.0.1");
        }
    }

    /**
     * Loopback only, on {@code port}, no extra names, no token, the default body limit.
     *
     * @param port the port to bind to; 0 picks a free one
     * @return the settings
     */
    public static HttpSettings loopback(int port) {
        return new HttpSettings(DEFAULT_HOST, port, Set.of(), Optional.empty(), DEFAULT_MAX_BODY_BYTES);
    }

    /**
     * Whether {@link #host()} is a loopback name or address, so only this machine can connect.
     *
     * @return true for {@code localhost}, {@code 127.x.x.x} and {@code ::1}
     */
    public boolean bindsLoopbackOnly() {
        return isLoopback(host);
    }

    /**
     * Whether {@link #host()} is a wildcard address that binds every interface.
     *
     * @return true for {@code 0.0.0.0} and {@code ::}
     */
    public boolean bindsEveryInterface() {
        return isWildcard(host);
    }

    static boolean isLoopback(String host) {
        String h = unbracket(host.toLowerCase(Locale.ROOT));
        return h.equals("localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")
                || (h.startsWith("127.") && ServiceNames.ipv4Literal(h) != null);
    }

    static boolean isWildcard(String host) {
        String h = unbracket(host.toLowerCase(Locale.ROOT));
        return h.equals("0.0.0.0") || h.equals("::") || h.equals("0:0:0:0:0:0:0:0") || h.equals("*");
    }

    private static String unbracket(String host) {
        return host.length() > 2 && host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1)
                : host;
    }

    /** A host name as it appears in a {@code Host} header: lower-case, IPv6 literals in brackets. */
    static String hostHeaderForm(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (!n.startsWith("[") && n.indexOf(':') >= 0) {
            return "[" + n + "]";
        }
        return n;
    }

    private static String normalizeExtraName(String name) {
        Objects.requireNonNull(name, "extra host name");
        String n = hostHeaderForm(name);
        boolean bracketed = n.length() > 2 && n.startsWith("[") && n.endsWith("]")
                && n.substring(1, n.length() - 1).chars().allMatch(c -> (c >= 'a' && c <= 'f') || (c >= '0' && c <= '9')
                || c == ':' || c == '.');
        boolean plainName = !n.isEmpty() && n.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '.' || c == '-' || c == '_');
        if (!bracketed && !plainName) {
            throw new IllegalArgumentException("An extra host name is a bare name or address without scheme or port"
                    + " (such as phone.lan or 192.168.1.5), got \"" + name + "\"");
        }
        return n;
    }
}
