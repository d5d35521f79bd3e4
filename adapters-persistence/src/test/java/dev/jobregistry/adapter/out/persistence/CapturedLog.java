package dev.jobregistry.adapter.out.persistence;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Collects what the store logs while it is open. {@link System.Logger} goes to
 * {@code java.util.logging} by default, under the same logger name.
 */
final class CapturedLog extends Handler implements AutoCloseable {

    private final Logger logger = Logger.getLogger(JsonFileJobStore.class.getName());
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    CapturedLog() {
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
