package dev.jobregistry.application.spi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the job type a {@link JobHandler} class serves: the Java form of the original's
 * {@code @register_job_handler("job_type")}. A handler found through
 * {@link java.util.ServiceLoader} must carry it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface JobType {

    /** The job type, as clients send it in {@code {"type": "..."}}. */
    String value();
}
