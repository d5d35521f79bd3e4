package dev.jobregistry.adapter.in.web;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The names and origins this service answers to, and the rules that decide whether a
 * {@code Host} or {@code Origin} header names it.
 *
 * <p>A name is ours when it is {@code localhost}, {@code 127.0.0.1}, {@code [::1]}, the bound host
 * (unless it is a wildcard such as {@code 0.0.0.0}), a configured extra name, or an IP literal equal
 * to the local address the request arrived on. An IP literal cannot be used for DNS rebinding (the
 * attack needs a name the attacker controls), so accepting the arrival address is safe, and it
 * makes a wildcard-bound service reachable by its LAN address without configuration. Other DNS
 * names must be configured.
 *
 * <p>A {@code Host} header may omit the port; when it gives one, it must be the port the request
 * arrived on. An {@code Origin} must be {@code http://} (the service speaks plain HTTP) with one of
 * our names and the port the request arrived on (80 when the origin gives none).
 */
final class ServiceNames {

    private final Set<String> names;

    ServiceNames(HttpSettings settings) {
        Set<String> all = new HashSet<>(List.of("localhost", "127.0.0.1", "[::1]"));
        if (!settings.bindsEveryInterface()) {
            all.add(HttpSettings.hostHeaderForm(settings.host()));
        }
        all.addAll(settings.extraHostNames());
        this.names = Set.copyOf(all);
    }

    /** The fixed names (lower-case, IPv6 in brackets); the arrival address is accepted on top of these. */
    Set<String> names() {
        return names;
    }

    /** Whether a {@code Host} header value ({@code name} or {@code name:port}) names this service. */
    boolean isOwnHost(String hostHeader, InetSocketAddress local) {
        Authority authority = Authority.parse(hostHeader);
        if (authority == null) {
            return false;
        }
        if (authority.port() >= 0 && authority.port() != port(local)) {
            return false;
        }
        return isOwnName(authority.host(), local);
    }

    /** Whether an {@code Origin} header value ({@code http://name[:port]}) is one of this service's origins. */
    boolean isOwnOrigin(String origin, InetSocketAddress local) {
        if (origin.length() <= 7 || !origin.regionMatches(true, 0, "http://", 0, 7)) {
            return false; // also "null", https (we serve plain HTTP) and anything that is not an origin
        }
        Authority authority = Authority.parse(origin.substring(7));
        if (authority == null) {
            return false;
        }
        int port = authority.port() < 0 ? 80 : authority.port();
        return port == port(local) && isOwnName(authority.host(), local);
    }

    private boolean isOwnName(String host, InetSocketAddress local) {
        if (names.contains(host)) {
            return true;
        }
        if (local == null || local.getAddress() == null) {
            return false;
        }
        InetAddress literal = ipLiteral(host);
        return literal != null && literal.equals(local.getAddress());
    }

    private static int port(InetSocketAddress local) {
        return local == null ? -1 : local.getPort();
    }

    /**
     * The address an IP literal names ({@code 192.168.1.5} or {@code [fe80::1]}), or null when the
     * text is not an IP literal. Never asks DNS.
     */
    static InetAddress ipLiteral(String host) {
        try {
            if (host.length() > 2 && host.charAt(0) == '[' && host.charAt(host.length() - 1) == ']') {
                String inner = host.substring(1, host.length() - 1);
                if (inner.indexOf(':') < 0 || !inner.chars().allMatch(ServiceNames::isIpv6Char)) {
                    return null;
                }
                return InetAddress.getByName(inner); // a literal with ':' is parsed, never looked up
            }
            byte[] v4 = ipv4Literal(host);
            return v4 == null ? null : InetAddress.getByAddress(v4);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** The four bytes of a strict dotted-quad IPv4 literal, or null. */
    static byte[] ipv4Literal(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return null;
            }
            int value = Integer.parseInt(part);
            if (value > 255) {
                return null;
            }
            bytes[i] = (byte) value;
        }
        return bytes;
    }

    private static boolean isIpv6Char(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.';
    }

    /** {@code host[:port]} as sent in a Host header or after an origin's scheme; host lower-case, port -1 if absent. */
    record Authority(String host, int port) {

        /** The parsed authority, or null when the text is not a plain {@code host[:port]}. */
        static Authority parse(String text) {
            if (text == null || text.isEmpty() || text.length() > 300) {
                return null;
            }
            String host;
            String rest;
            if (text.charAt(0) == '[') {
                int close = text.indexOf(']');
                if (close < 0) {
                    return null;
                }
                host = text.substring(0, close + 1);
                rest = text.substring(close + 1);
            } else {
                int colon = text.indexOf(':');
                if (colon >= 0 && text.lastIndexOf(':') != colon) {
                    return null; // an IPv6 literal must be bracketed
                }
                host = colon < 0 ? text : text.substring(0, colon);
                rest = colon < 0 ? "" : text.substring(colon);
                if (host.isEmpty() || !host.chars().allMatch(Authority::isNameChar)) {
                    return null;
                }
            }
            int port = -1;
            if (!rest.isEmpty()) {
                String digits = rest.substring(1);
                if (rest.charAt(0) != ':' || digits.isEmpty() || digits.length() > 5
                        || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    return null;
                }
                port = Integer.parseInt(digits);
                if (port > 65_535) {
                    return null;
                }
            }
            return new Authority(host.toLowerCase(Locale.ROOT), port);
        }

        private static boolean isNameChar(int c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '-' || c == '_';
        }
    }
}
