package dev.jobregistry.adapter.in.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceNamesTest {

    private static final InetSocketAddress LOOPBACK = at(new byte[] {127, 0, 0, 1}, 8080);
    private static final InetSocketAddress LAN = at(new byte[] {(byte) 192, (byte) 168, 1, 5}, 8080);

    private final ServiceNames loopback = new ServiceNames(
            new HttpSettings("127.0.0.1", 8080, Set.of("jobs.test"), Optional.empty(), 1024));
    private final ServiceNames everywhere = new ServiceNames(
            new HttpSettings("0.0.0.0", 8080, Set.of(), Optional.of("token"), 1024));
    private final ServiceNames namedHost = new ServiceNames(
            new HttpSettings("phone.lan", 8080, Set.of(), Optional.of("token"), 1024));

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "localhost:8080", "127.0.0.1:8080", "[::1]:8080", "[::1]", "jobs.test:8080",
            "JOBS.TEST"})
    void the_loopback_names_and_extra_names_are_ours(String host) {
        assertThat(loopback.isOwnHost(host, LOOPBACK)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"evil.example", "localhost:8081", "127.0.0.2", "192.168.1.5:8080", "::1",
            "localhost:", "localhost:99999", "local host", "localhost@evil.example", "[::1]x", ""})
    void other_names_wrong_ports_and_junk_are_not(String host) {
        assertThat(loopback.isOwnHost(host, LOOPBACK)).isFalse();
    }

    @Test
    void the_wildcard_address_is_not_a_name_but_the_address_a_request_arrived_on_is() {
        assertThat(everywhere.names()).doesNotContain("0.0.0.0");
        assertThat(everywhere.isOwnHost("0.0.0.0:8080", LAN)).isFalse();
        assertThat(everywhere.isOwnHost("192.168.1.5:8080", LAN)).isTrue();
        assertThat(everywhere.isOwnHost("192.168.1.6:8080", LAN)).isFalse();
        assertThat(everywhere.isOwnOrigin("http://192.168.1.5:8080", LAN)).isTrue();
        assertThat(everywhere.isOwnHost("phone.lan:8080", LAN)).as("DNS names must be configured").isFalse();
    }

    @Test
    void a_specific_bound_host_name_is_ours() {
        assertThat(namedHost.isOwnHost("phone.lan:8080", LAN)).isTrue();
        assertThat(namedHost.isOwnOrigin("http://phone.lan:8080", LAN)).isTrue();
    }

    @Test
    void an_ipv6_arrival_address_matches_its_literal_in_any_spelling() throws UnknownHostException {
        InetSocketAddress local = new InetSocketAddress(InetAddress.getByName("fd00::5"), 8080);

        assertThat(everywhere.isOwnHost("[fd00:0:0::5]:8080", local)).isTrue();
        assertThat(everywhere.isOwnHost("[fd00::6]:8080", local)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://localhost:8080", "http://127.0.0.1:8080", "http://[::1]:8080",
            "http://jobs.test:8080", "HTTP://LOCALHOST:8080"})
    void our_origins_are_http_with_our_name_and_port(String origin) {
        assertThat(loopback.isOwnOrigin(origin, LOOPBACK)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "http://evil.example:8080", "http://localhost", "http://localhost:8081",
            "https://localhost:8080", "http://localhost:8080/", "http://u@localhost:8080", "localhost:8080",
            "http://", "ws://localhost:8080"})
    void other_origins_are_not(String origin) {
        assertThat(loopback.isOwnOrigin(origin, LOOPBACK)).isFalse();
    }

    @Test
    void port_80_is_the_default_port_of_an_origin() {
        InetSocketAddress onPort80 = at(new byte[] {127, 0, 0, 1}, 80);

        assertThat(loopback.isOwnOrigin("http://localhost", onPort80)).isTrue();
    }

    @Test
    void ip_literals_are_parsed_without_dns() {
        assertThat(ServiceNames.ipLiteral("10.0.0.1")).isNotNull();
        assertThat(ServiceNames.ipLiteral("[::1]")).isNotNull();
        assertThat(ServiceNames.ipLiteral("10.0.0")).isNull();
        assertThat(ServiceNames.ipLiteral("10.0.0.256")).isNull();
        assertThat(ServiceNames.ipLiteral("example.com")).isNull();
        assertThat(ServiceNames.ipLiteral("[example.com]")).isNull();
    }

    private static InetSocketAddress at(byte[] address, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByAddress(address), port);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
