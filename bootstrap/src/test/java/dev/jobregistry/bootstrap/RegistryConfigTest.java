package dev.jobregistry.bootstrap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegistryConfigTest {

    @TempDir
    Path home;

    private Map<String, String> env(String... pairs) {
        Map<String, String> env = new java.util.HashMap<>(Map.of("HOME", home.toString()));
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    @Test
    void the_defaults_are_the_originals_on_loopback() throws IOException {
        RegistryConfig config = RegistryConfig.load(List.of(), env());
        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.bindsLoopback()).isTrue();
        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.store()).isEqualTo(RegistryConfig.StoreKind.JSON);
        assertThat(config.storePath()).isEqualTo(home.resolve(".cache/termux_extensions/jobs.json"));
        assertThat(config.maxRunning()).isEqualTo(4);
        assertThat(config.retain()).isEqualTo(200);
        assertThat(config.roots()).containsExactly(home.toRealPath());
        assertThat(config.token()).isEmpty();
        assertThat(config.maxBodyBytes()).isEqualTo(1 << 20);
        assertThat(config.shutdownGrace()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void a_flag_beats_the_environment_which_beats_the_file() throws IOException {
        Path file = home.resolve("registry.properties");
        Files.writeString(file, "port=7000\nretain=10\nmax-running=2\n");
        RegistryConfig config = RegistryConfig.load(List.of("--port", "9000", "--config", file.toString()),
                env("JOB_REGISTRY_PORT", "8000", "JOB_REGISTRY_RETAIN", "20"));
        assertThat(config.port()).isEqualTo(9000);
        assertThat(config.retain()).isEqualTo(20);
        assertThat(config.maxRunning()).isEqualTo(2);
    }

    @Test
    void the_default_config_file_is_read_when_it_exists() throws IOException {
        Path file = home.resolve(".config/job-registry/job-registry.properties");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "store-path=~/jobs/mine.json\n");
        assertThat(RegistryConfig.load(List.of(), env()).storePath()).isEqualTo(home.resolve("jobs/mine.json"));
    }

    @Test
    void flags_take_the_equals_form_too() {
        RegistryConfig config = RegistryConfig.load(List.of("--max-running=1", "--allowed-hosts=Phone.lan, box"), env());
        assertThat(config.maxRunning()).isEqualTo(1);
        assertThat(config.allowedHosts()).isEqualTo(Set.of("phone.lan", "box"));
    }

    @Test
    void roots_are_resolved_through_links() throws IOException {
        Path real = Files.createDirectories(home.resolve("real"));
        Path link = Files.createSymbolicLink(home.resolve("link"), real);
        Path other = Files.createDirectories(home.resolve("other"));
        RegistryConfig config = RegistryConfig.load(List.of("--roots", link + ":" + other), env());
        assertThat(config.roots()).containsExactly(real.toRealPath(), other.toRealPath());
    }

    @Test
    void a_sqlite_store_defaults_to_jobs_db() {
        assertThat(RegistryConfig.load(List.of("--store", "sqlite"), env()).storePath())
                .isEqualTo(home.resolve(".cache/termux_extensions/jobs.db"));
    }

    @Test
    void binding_off_loopback_needs_a_token() {
        assertThatThrownBy(() -> RegistryConfig.load(List.of("--host", "0.0.0.0"), env()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("set a token with --token");
        RegistryConfig config = RegistryConfig.load(List.of("--host", "0.0.0.0"),
                env("JOB_REGISTRY_TOKEN", "0123456789abcdef0123"));
        assertThat(config.token()).isEqualTo(Optional.of("0123456789abcdef0123"));
        assertThat(config.bindsLoopback()).isFalse();
    }

    @Test
    void bad_values_are_refused_with_what_to_fix() {
        assertThatThrownBy(() -> RegistryConfig.load(List.of("--port", "eighty"), env()))
                .hasMessage("--port must be a whole number from 0 to 65535, got \"eighty\"");
        assertThatThrownBy(() -> RegistryConfig.load(List.of("--max-running", "0"), env()))
                .hasMessage("--max-running must be a whole number from 1 to 1000, got \"0\"");
        assertThatThrownBy(() -> RegistryConfig.load(List.of("--store", "mongo"), env()))
                .hasMessage("--store must be json or sqlite, got \"mongo\"");
        assertThatThrownBy(() -> RegistryConfig.load(List.of("--roots", home.resolve("missing").toString()), env()))
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> RegistryConfig.load(List.of("--token", "short"), env()))
                .hasMessageContaining("at least 16 characters");
        assertThatThrownBy(() -> RegistryConfig.load(List.of("--colour", "blue"), env()))
                .hasMessage("unknown setting --colour (see --help for the list)");
        assertThatThrownBy(() -> RegistryConfig.load(List.of("--port"), env()))
                .hasMessage("--port needs a value");
        assertThatThrownBy(() -> RegistryConfig.load(List.of("now"), env()))
                .hasMessageContaining("unexpected argument \"now\"");
        assertThatThrownBy(() -> RegistryConfig.load(List.of("--config", home.resolve("none.properties").toString()), env()))
                .hasMessageContaining("cannot read the file");
    }

    @Test
    void help_lists_every_setting_with_its_environment_variable() {
        String help = RegistryConfig.help();
        for (RegistryConfig.Setting setting : RegistryConfig.SETTINGS) {
            assertThat(help).contains("--" + setting.key()).contains(setting.envName());
        }
    }
}
