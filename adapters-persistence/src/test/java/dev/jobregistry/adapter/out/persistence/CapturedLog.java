package dev.jobregistry.adapter.out.persistence;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Collects what a store logs while it is open. {@link System.Logger} goes to
 * {@code java.util.logging} by default, under the same logger name.
 */
final class CapturedLog extends Handler implements AutoCloseable {

    private final Logger logger;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    /** Collects what the jobs.json store logs. */
    CapturedLog() {
        this(JsonFileJobStore.class);
    }

    /** Collects what the store {@code store} logs. */
    CapturedLog(Class<?> store) {
        logger = Logger.getLogger(store.getName());
        logger.addHandler(this);
    }

    /** The messages logged at WARNING. */
    List<String> warnings() {
        return records.stream().filter(r -> r.getLevel() == Level.WARNING).map(LogRecord::getMessage).toList();
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
