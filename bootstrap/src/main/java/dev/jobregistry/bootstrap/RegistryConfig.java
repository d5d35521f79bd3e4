package dev.jobregistry.bootstrap;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the registry is told at start-up, read once into one value.
 *
 * <p>Each setting comes from, in order of precedence: a command-line flag ({@code --port 9000}
 * or {@code --port=9000}), an environment variable ({@code JOB_REGISTRY_PORT}), a properties
 * file ({@code port=9000}; {@code --config FILE} or {@code JOB_REGISTRY_CONFIG}, default
 * {@code ~/.config/job-registry/job-registry.properties} when it exists), the default. The three
 * sources are merged with Helidon Config.
 *
 * @param host          address to bind; loopback by default
 * @param port          port to bind; 0 picks a free one
 * @param store         which store keeps the job records
 * @param storePath     the store's file
 * @param maxRunning    jobs that run at once; the rest wait as pending
 * @param roots         folders file handlers may touch (absolute, links resolved)
 * @param retain        finished jobs kept; older ones are pruned
 * @param token         bearer token every API call must present, if set
 * @param allowedHosts  extra names the service answers to in the Host header
 * @param maxBodyBytes  largest request body accepted
 * @param shutdownGrace how long SIGTERM waits for running jobs to stop
 */
public record RegistryConfig(
        String host,
        int port,
        StoreKind store,
        Path storePath,
        int maxRunning,
        List<Path> roots,
        int retain,
        Optional<String> token,
        Set<String> allowedHosts,
        long maxBodyBytes,
        Duration shutdownGrace) {

    /** The stores a registry can keep its records in. */
    public enum StoreKind {
        /** One JSON file, the original's format (the default). */
        JSON("jobs.json"),
        /** An SQLite database. */
        SQLITE("jobs.db");

        private final String defaultFileName;

        StoreKind(String defaultFileName) {
            this.defaultFileName = defaultFileName;
        }

        /** The file under {@code ~/.cache/termux_extensions/} used when no path is given. */
        public String defaultFileName() {
            return defaultFileName;
        }
    }

    /** A setting: its key (flag without dashes, file key), the help line, and the default shown. */
    record Setting(String key, String valueName, String help) {
        String envName() {
            return "JOB_REGISTRY_" + key.toUpperCase(Locale.ROOT).replace('-', '_');
        }
    }

    static final List<Setting> SETTINGS = List.of(
            new Setting("host", "ADDRESS", "address to listen on (default 127.0.0.1, loopback only)"),
            new Setting("port", "PORT", "port to listen on (default 8080; 0 picks a free port)"),
            new Setting("store", "json|sqlite", "where job records live (default json)"),
            new Setting("store-path", "FILE", "the store's file (default ~/.cache/termux_extensions/jobs.json, or jobs.db for sqlite)"),
            new Setting("max-running", "N", "jobs that run at once; the rest wait as pending (default 4)"),
            new Setting("roots", "DIR[:DIR...]", "folders file handlers may touch (default your home folder)"),
            new Setting("retain", "N", "finished jobs to keep; older ones are pruned (default 200)"),
            new Setting("token", "TOKEN", "require 'Authorization: Bearer TOKEN' on every API call (required off loopback)"),
            new Setting("allowed-hosts", "NAME[,NAME...]", "extra host names the service answers to (Host header)"),
            new Setting("max-body", "BYTES", "largest request body accepted (default 1048576)"),
            new Setting("shutdown-grace", "SECONDS", "how long SIGTERM waits for running jobs (default 5)"),
            new Setting("config", "FILE", "properties file with these settings (default ~/.config/job-registry/job-registry.properties)"));

    public RegistryConfig {
        roots = List.copyOf(roots);
        allowedHosts = Set.copyOf(allowedHosts);
    }

    /** Whether the bind address is a loopback address (reachable only from this machine). */
    public boolean bindsLoopback() {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /**
     * Reads the configuration from flags, environment and file.
     *
     * @param args the flags (without the {@code serve} command)
     * @param env  the environment
     * @throws ConfigException for an unknown flag or a bad value, with a message saying which and why
     */
    public static RegistryConfig load(List<String> args, Map<String, String> env) {
        Map<String, String> flags = parseFlags(args);
        Map<String, String> fromEnv = new LinkedHashMap<>();
        for (Setting setting : SETTINGS) {
            String value = env.get(setting.envName());
            if (value != null) {
                fromEnv.put(setting.key(), value);
            }
        }
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        Path configFile = Optional.ofNullable(flags.get("config")).or(() -> Optional.ofNullable(fromEnv.get("config")))
                .map(p -> path(p, home))
                .orElse(null);
        if (configFile != null && !Files.isReadable(configFile)) {
            throw new ConfigException("--config: cannot read the file " + configFile);
        }
        Path file = configFile != null ? configFile : Path.of(home, ".config", "job-registry", "job-registry.properties");

        Config.Builder builder = Config.builder()
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .addSource(ConfigSources.create(flags, "command line"))
                .addSource(ConfigSources.create(fromEnv, "environment"));
        if (Files.isReadable(file)) {
            builder.addSource(ConfigSources.file(file));
        }
        Config config = builder.build();
        return fromConfig(config, home);
    }

    static Map<String, String> parseFlags(List<String> args) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new ConfigException("unexpected argument \"" + arg + "\"; settings are given as --name VALUE (see --help)");
            }
            String name = arg.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else {
                if (i + 1 >= args.size()) {
                    throw new ConfigException("--" + name + " needs a value");
                }
                value = args.get(++i);
            }
            String key = name;
            if (SETTINGS.stream().noneMatch(s -> s.key().equals(key))) {
                throw new ConfigException("unknown setting --" + name + " (see --help for the list)");
            }
            flags.put(key, value);
        }
        return flags;
    }

    private static RegistryConfig fromConfig(Config config, String home) {
        String host = string(config, "host").orElse("127.0.0.1");
        int port = integer(config, "port", 8080, 0, 65_535);
        StoreKind store = string(config, "store").map(RegistryConfig::storeKind).orElse(StoreKind.JSON);
        Path storePath = string(config, "store-path").map(p -> path(p, home))
                .orElse(defaultStorePath(store, home));
        int maxRunning = integer(config, "max-running", 4, 1, 1_000);
        List<Path> roots = string(config, "roots").map(r -> roots(r, home)).orElseGet(() -> roots(home, home));
        int retain = integer(config, "retain", 200, 0, 10_000_000);
        Optional<String> token = string(config, "token").filter(t -> !t.isEmpty());
        if (token.isPresent() && token.get().length() < 16) {
            throw new ConfigException("--token must be at least 16 characters long; generate one with: openssl rand -hex 24");
        }
        Set<String> allowedHosts = new LinkedHashSet<>();
        string(config, "allowed-hosts").ifPresent(list -> {
            for (String name : list.split(",")) {
                if (!name.isBlank()) {
                    allowedHosts.add(name.trim().toLowerCase(Locale.ROOT));
                }
            }
        });
        long maxBody = integer(config, "max-body", 1 << 20, 1_024, Integer.MAX_VALUE);
        Duration grace = Duration.ofSeconds(integer(config, "shutdown-grace", 5, 0, 3_600));
        RegistryConfig result = new RegistryConfig(host, port, store, storePath, maxRunning, roots, retain, token,
                allowedHosts, maxBody, grace);
        if (!result.bindsLoopback() && token.isEmpty()) {
            throw new ConfigException("--host " + host + " is reachable from other machines, and the file handlers can"
                    + " change your files: set a token with --token (or JOB_REGISTRY_TOKEN) to bind there,"
                    + " or keep the default 127.0.0.1");
        }
        return result;
    }

    private static Optional<String> string(Config config, String key) {
        return config.get(key).asString().asOptional().map(String::trim);
    }

    private static int integer(Config config, String key, int fallback, int min, int max) {
        Optional<String> raw = string(config, key);
        if (raw.isEmpty()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw.get());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException("--" + key + " must be a whole number from " + min + " to " + max
                + ", got \"" + raw.get() + "\"");
    }

    /** Where a store of {@code kind} lives when no path is given: {@code ~/.cache/termux_extensions/jobs.json} or {@code jobs.db}. */
    static Path defaultStorePath(StoreKind kind, String home) {
        return Path.of(home, ".cache", "termux_extensions", kind.defaultFileName());
    }

    /** {@code json} or {@code sqlite}, in any case. */
    static StoreKind storeKind(String raw) {
        return switch (raw.toLowerCase(Locale.ROOT)) {
            case "json" -> StoreKind.JSON;
            case "sqlite" -> StoreKind.SQLITE;
            default -> throw new ConfigException("--store must be json or sqlite, got \"" + raw + "\"");
        };
    }

    /** {@code raw} as an absolute, normalized path, with a leading {@code ~} meaning {@code home}. */
    static Path path(String raw, String home) {
        String expanded = raw.equals("~") ? home : raw.startsWith("~/") ? home + raw.substring(1) : raw;
        return Path.of(expanded).toAbsolutePath().normalize();
    }

    private static List<Path> roots(String raw, String home) {
        List<Path> roots = new ArrayList<>();
        for (String part : raw.split(":")) {
            if (part.isBlank()) {
                continue;
            }
            Path root = path(part.trim(), home);
            try {
                roots.add(root.toRealPath());
            } catch (IOException e) {
                throw new ConfigException("--roots: the folder " + root + " does not exist or cannot be read");
            }
            if (!Files.isDirectory(roots.getLast())) {
                throw new ConfigException("--roots: " + root + " is not a folder");
            }
        }
        if (roots.isEmpty()) {
            throw new ConfigException("--roots needs at least one folder");
        }
        return roots;
    }

    /** The help text listing every setting with its flag and environment variable. */
    static String help() {
        StringBuilder text = new StringBuilder("""
                Usage: job-registry [serve] [--setting VALUE]...
                       job-registry migrate --from KIND[:FILE] --to KIND[:FILE] [--force]

                Starts the Job Registry. Every setting can also be given as an environment
                variable or as a line "setting=value" in the properties file.
                "migrate" copies every job from one store to another (see migrate --help).

                """);
        for (Setting setting : SETTINGS) {
            text.append(String.format("  --%-15s %-16s %s%n  %-32s env %s%n", setting.key(), setting.valueName(),
                    setting.help(), "", setting.envName()));
        }
        return text.toString();
    }
}
