package dev.jobregistry.application.spi;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * What a handler may know about the registry it runs in.
 *
 * @param roots the folders file handlers may touch, absolute and with links resolved
 * @param clock the registry's clock
 */
public record HandlerEnvironment(List<Path> roots, Clock clock) {

    public HandlerEnvironment {
        roots = List.copyOf(roots);
    }
}
