package dev.jobregistry.adapter.in.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HttpSettingsTest {

    @Test
    void loopback_settings_need_no_token() {
        HttpSettings settings = HttpSettings.loopback(8080);

        assertThat(settings.host()).isEqualTo("127.0.0.1");
        assertThat(settings.bindsLoopbackOnly()).isTrue();
        assertThat(settings.token()).isEmpty();
        assertThat(settings.maxBodyBytes()).isEqualTo(1024 * 1024);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "::", "[::]", "192.168.1.5", "phone.lan"})
    void listening_beyond_loopback_without_a_token_is_refused(String host) {
        assertThatThrownBy(() -> new HttpSettings(host, 8080, Set.of(), Optional.empty(), 1024))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("set an API token");
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "127.0.0.1", "127.1.2.3", "::1", "[::1]"})
    void loopback_hosts_need_no_token(String host) {
        assertThat(new HttpSettings(host, 0, Set.of(), Optional.empty(), 1024).bindsLoopbackOnly()).isTrue();
    }

    @Test
    void listening_everywhere_with_a_token_is_allowed() {
        HttpSettings settings = new HttpSettings("0.0.0.0", 8080, Set.of(), Optional.of("t0ken"), 1024);

        assertThat(settings.bindsEveryInterface()).isTrue();
        assertThat(settings.bindsLoopbackOnly()).isFalse();
    }

    @Test
    void extra_host_names_are_lower_cased_and_ipv6_bracketed() {
        HttpSettings settings = new HttpSettings("localhost", 0, Set.of("Phone.LAN", "fe80::1", "[fd00::2]"),
                Optional.empty(), 1024);

        assertThat(settings.extraHostNames()).containsExactlyInAnyOrder("phone.lan", "[fe80::1]", "[fd00::2]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"phone.lan:8080", "http://phone.lan", "", "a b", "[zz::1]", "phone.lan/x"})
    void an_extra_host_name_with_scheme_port_or_junk_is_refused(String name) {
        assertThatThrownBy(() -> new HttpSettings("localhost", 0, Set.of(name), Optional.empty(), 1024))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "has space", " padded", "tab\t"})
    void a_token_must_be_printable_without_spaces(String token) {
        assertThatThrownBy(() -> new HttpSettings("localhost", 0, Set.of(), Optional.of(token), 1024))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ports_and_limits_out_of_range_are_refused() {
        assertThatThrownBy(() -> new HttpSettings("localhost", 65_536, Set.of(), Optional.empty(), 1024))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HttpSettings("localhost", -1, Set.of(), Optional.empty(), 1024))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HttpSettings("localhost", 0, Set.of(), Optional.empty(), 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HttpSettings("", 0, Set.of(), Optional.empty(), 1024))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
