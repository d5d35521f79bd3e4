package dev.jobregistry.application.service;

import dev.jobregistry.application.handlers.NoopHandler;
import dev.jobregistry.application.spi.HandlerEnvironment;
import dev.jobregistry.application.spi.JobHandler;
import dev.jobregistry.application.testing.SettableClock;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HandlerRegistryTest {

    private final HandlerEnvironment environment =
            new HandlerEnvironment(List.of(Path.of("/home/u")), SettableClock.atSomeMoment());

    @Test
    void handlers_on_the_class_path_are_found_by_their_job_type() {
        HandlerRegistry registry = new HandlerRegistry(environment).discover(getClass().getClassLoader());
        assertThat(registry.types()).contains("noop");
        assertThat(registry.find("noop")).get().isInstanceOf(NoopHandler.class);
    }

    @Test
    void an_embedder_registers_a_handler_and_it_is_told_its_environment() {
        AtomicReference<HandlerEnvironment> seen = new AtomicReference<>();
        JobHandler handler = new JobHandler() {
            @Override
            public void init(HandlerEnvironment env) {
                seen.set(env);
            }

            @Override
            public void run(dev.jobregistry.application.spi.JobContext context,
                            dev.jobregistry.application.spi.JobParams params) {
            }
        };
        HandlerRegistry registry = new HandlerRegistry(environment).register("mine", handler);
        assertThat(registry.find("mine")).containsSame(handler);
        assertThat(seen.get()).isSameAs(environment);
        assertThat(registry.find("other")).isEmpty();
    }

    @Test
    void a_type_cannot_get_a_second_handler() {
        HandlerRegistry registry = new HandlerRegistry(environment).register("noop", new NoopHandler());
        assertThatThrownBy(() -> registry.register("noop", (c, p) -> { }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("job type \"noop\" already has a handler");
    }
}
