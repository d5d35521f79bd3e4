package dev.jobregistry.bootstrap;

import dev.jobregistry.adapter.out.persistence.JsonFileJobStore;
import dev.jobregistry.adapter.out.persistence.SqliteJobStore;
import dev.jobregistry.application.port.out.JobStore;
import dev.jobregistry.application.port.out.StoreUnavailableException;
import dev.jobregistry.bootstrap.RegistryConfig.StoreKind;
import dev.jobregistry.domain.Job;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code job-registry migrate --from KIND[:FILE] --to KIND[:FILE] [--force]}: copies every job
 * from one store to another, field for field, through the {@link JobStore} port of both. Jobs are
 * copied as they are: unfinished jobs stay unfinished (the registry that next opens the target
 * marks them interrupted, as it would have on the source).
 *
 * <p>It refuses, changing nothing: a source that does not exist; a source and target that are
 * the same file; a source or target that a running registry holds; a target that already holds
 * jobs, unless {@code --force} is given, in which case the target's file is first moved aside to
 * {@code <name>.replaced-<yyyyMMdd-HHmmss>} (nothing is deleted).
 */
public final class StoreMigration {

    /** What the user asked for. */
    record Request(Location from, Location to, boolean force) {
    }

    /** A store: its kind and its file. */
    record Location(StoreKind kind, Path file) {
        @Override
        public String toString() {
            return kind.name().toLowerCase(Locale.ROOT) + ":" + file;
        }
    }

    /**
     * What a migration did.
     *
     * @param copied       how many jobs were copied
     * @param replacedFile where the target's earlier file was moved ({@code --force}), if it had one
     */
    record Outcome(int copied, Optional<Path> replacedFile) {
    }

    /** The migration did not run or did not finish; the message says why and what to do. */
    static final class MigrationException extends RuntimeException {
        MigrationException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    static final String HELP = """
            Usage: job-registry migrate --from KIND[:FILE] --to KIND[:FILE] [--force]

            Copies every job, field for field, from one store to another. KIND is json or
            sqlite; without :FILE the store's default file is used
            (~/.cache/termux_extensions/jobs.json or jobs.db). Stop the registry first: a
            store in use is refused. A target that already holds jobs is refused unless
            --force is given; then its file is moved aside to FILE.replaced-<time> first.

            Examples:
              job-registry migrate --from json --to sqlite
              job-registry migrate --from sqlite:/data/jobs.db --to json:/backup/jobs.json --force
            """;

    private StoreMigration() {
    }

    /**
     * Runs the command: parses {@code args}, migrates, and prints the outcome to {@code out} or
     * what went wrong to {@code err}.
     *
     * @return the exit code: 0 done, 2 a mistake in the command or a refusal the user can fix
     *         by changing it, 1 a store that cannot be used or a copy that did not finish
     */
    static int run(List<String> args, Map<String, String> env, Clock clock, PrintStream out, PrintStream err) {
        if (args.contains("--help") || args.contains("-h")) {
            out.print(HELP);
            return 0;
        }
        try {
            Request request = parse(args, env);
            Outcome outcome = migrate(request, clock);
            outcome.replacedFile().ifPresent(aside -> out.println("Moved the target's earlier file to " + aside));
            out.println("Copied " + outcome.copied() + " job(s) from " + request.from() + " to " + request.to());
            return 0;
        } catch (ConfigException e) {
            err.println("job-registry migrate: " + e.getMessage());
            return 2;
        } catch (StoreUnavailableException | MigrationException e) {
            err.println("job-registry migrate: " + e.getMessage());
            return 1;
        }
    }

    /**
     * Reads {@code --from}, {@code --to} and {@code --force}.
     *
     * @throws ConfigException if one is missing, unknown or malformed
     */
    static Request parse(List<String> args, Map<String, String> env) {
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        String from = null;
        String to = null;
        boolean force = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            switch (name) {
                case "--force" -> force = true;
                case "--from", "--to" -> {
                    String value;
                    if (arg.contains("=")) {
                        value = arg.substring(arg.indexOf('=') + 1);
                    } else if (i + 1 < args.size()) {
                        value = args.get(++i);
                    } else {
                        throw new ConfigException(name + " needs a value such as json or sqlite:/path/jobs.db");
                    }
                    if (name.equals("--from")) {
                        from = value;
                    } else {
                        to = value;
                    }
                }
                default -> throw new ConfigException("unexpected argument \"" + arg + "\"; migrate takes --from, --to "
                        + "and --force (see migrate --help)");
            }
        }
        if (from == null || to == null) {
            throw new ConfigException("migrate needs both --from and --to, such as --from json --to sqlite "
                    + "(see migrate --help)");
        }
        return new Request(location("--from", from, home), location("--to", to, home), force);
    }

    private static Location location(String flag, String raw, String home) {
        int colon = raw.indexOf(':');
        String kindName = colon < 0 ? raw : raw.substring(0, colon);
        StoreKind kind;
        try {
            kind = RegistryConfig.storeKind(kindName);
        } catch (ConfigException e) {
            throw new ConfigException(flag + " must be json or sqlite, optionally followed by :FILE, got \"" + raw + "\"");
        }
        if (colon < 0) {
            return new Location(kind, RegistryConfig.defaultStorePath(kind, home));
        }
        String file = raw.substring(colon + 1);
        if (file.isBlank()) {
            throw new ConfigException(flag + " " + raw + " names no file; give one after the colon, or leave the "
                    + "colon out for the default file");
        }
        return new Location(kind, RegistryConfig.path(file, home));
    }

    /**
     * Copies every job of {@code request.from()} into {@code request.to()}.
     *
     * @throws ConfigException           if the request is refused as the class comment says
     * @throws StoreUnavailableException if a store cannot be opened (for example a registry holds it)
     * @throws MigrationException        if the copy did not finish
     */
    static Outcome migrate(Request request, Clock clock) {
        Location from = request.from();
        Location to = request.to();
        if (!Files.isRegularFile(from.file())) {
            throw new ConfigException("the source " + from + " does not exist or is not a file; check --from");
        }
        if (sameFile(from.file(), to.file())) {
            throw new ConfigException("the source and the target are the same file (" + from.file()
                    + "); give --to another file");
        }
        try (JobStore source = open(from, clock, "source")) {
            List<Job> jobs = source.list();
            Optional<Path> replaced = Optional.empty();
            JobStore target = open(to, clock, "target");
            try {
                int already = target.list().size();
                if (already > 0) {
                    if (!request.force()) {
                        throw new ConfigException("the target " + to + " already holds " + already + " job(s); run "
                                + "again with --force to replace it (its file is kept as " + to.file().getFileName()
                                + ".replaced-<time>), or choose another --to file");
                    }
                    target.close();
                    replaced = moveAside(to, clock);
                    target = open(to, clock, "target");
                }
                copy(jobs, target, to);
            } finally {
                target.close();
            }
            return new Outcome(jobs.size(), replaced);
        }
    }

    private static void copy(List<Job> jobs, JobStore target, Location to) {
        int copied = 0;
        try {
            for (Job job : jobs) {
                target.insert(job);
                copied++;
            }
            target.sync();
        } catch (IllegalArgumentException | IllegalStateException | StoreUnavailableException e) {
            String which = copied < jobs.size() ? "job " + jobs.get(copied).id() : "writing them";
            throw new MigrationException("copied " + copied + " of " + jobs.size() + " job(s) to " + to + ", then "
                    + which + " failed: " + e.getMessage() + ". The target may hold those " + copied + " job(s); "
                    + "fix the cause and run again with --force", e);
        }
    }

    private static JobStore open(Location location, Clock clock, String role) {
        try {
            return Registry.openStore(location.kind(), location.file(), clock);
        } catch (StoreUnavailableException e) {
            throw new StoreUnavailableException("cannot open the " + role + " " + location + ": " + e.getMessage(), e);
        }
    }

    private static Optional<Path> moveAside(Location location, Clock clock) {
        return switch (location.kind()) {
            case JSON -> JsonFileJobStore.moveAside(location.file(), "replaced", clock);
            case SQLITE -> SqliteJobStore.moveAside(location.file(), "replaced", clock);
        };
    }

    /** Whether two paths name one file, through links and {@code ..} too; the second need not exist yet. */
    private static boolean sameFile(Path source, Path target) {
        try {
            if (Files.exists(target)) {
                return Files.isSameFile(source, target);
            }
            Path folder = target.toAbsolutePath().normalize().getParent();
            Path realTarget = folder != null && Files.isDirectory(folder)
                    ? folder.toRealPath().resolve(target.getFileName())
                    : target.toAbsolutePath().normalize();
            return source.toRealPath().equals(realTarget);
        } catch (IOException e) {
            return source.toAbsolutePath().normalize().equals(target.toAbsolutePath().normalize());
        }
    }
}
