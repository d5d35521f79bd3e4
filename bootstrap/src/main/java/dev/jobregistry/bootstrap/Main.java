package dev.jobregistry.bootstrap;

import dev.jobregistry.application.port.out.StoreUnavailableException;
import io.helidon.logging.common.LogConfig;
import sun.misc.Signal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts the Job Registry: {@code job-registry [serve] [--setting VALUE]...}. Reads the
 * configuration once, wires the registry, and stops it cleanly on SIGTERM or Ctrl-C (exit 0).
 * Mistakes in the configuration end with one line saying what to fix and exit code 2; a store
 * that cannot be opened ends with exit code 1.
 *
 * <p>{@code job-registry migrate --from KIND[:FILE] --to KIND[:FILE] [--force]} copies every job
 * from one store to another instead ({@link StoreMigration}).
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        List<String> rest = new ArrayList<>(List.of(args));
        if (!rest.isEmpty() && rest.getFirst().equals("migrate")) {
            rest.removeFirst();
            LogConfig.configureRuntime();
            System.exit(StoreMigration.run(rest, System.getenv(), Registry.systemClock(), System.out, System.err));
            return;
        }
        if (!rest.isEmpty() && rest.getFirst().equals("serve")) {
            rest.removeFirst();
        }
        if (rest.contains("--help") || rest.contains("-h")) {
            System.out.print(RegistryConfig.help());
            return;
        }
        LogConfig.configureRuntime();
        RegistryConfig config;
        Registry registry;
        try {
            config = RegistryConfig.load(rest, System.getenv());
            Clock clock = Registry.systemClock();
            registry = Registry.start(config, clock, Registry.discoverHandlers(config, clock));
        } catch (ConfigException e) {
            System.err.println("job-registry: " + e.getMessage());
            System.exit(2);
            return;
        } catch (StoreUnavailableException e) {
            System.err.println("job-registry: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runnable stopAndExit = () -> {
            registry.stop();
            System.exit(0);
        };
        // The signal dispatcher is a daemon thread and its children would be too: a daemon stopping
        // the server would let the JVM exit (no non-daemon thread left) before the store is flushed.
        Signal.handle(new Signal("TERM"), signal -> Thread.ofPlatform().name("shutdown").daemon(false).start(stopAndExit));
        Signal.handle(new Signal("INT"), signal -> Thread.ofPlatform().name("shutdown").daemon(false).start(stopAndExit));
        Runtime.getRuntime().addShutdownHook(new Thread(registry::stop, "shutdown-hook"));
        System.out.printf("Job Registry listening on http://%s:%d (store: %s %s, %d running at once, roots %s)%n",
                config.host().contains(":") ? "[" + config.host() + "]" : config.host(), registry.port(),
                config.store().name().toLowerCase(java.util.Locale.ROOT), config.storePath(), config.maxRunning(),
                config.roots());
    }
}
