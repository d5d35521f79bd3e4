package dev.jobregistry.domain;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonValuesTest {

    @Test
    void freezing_keeps_order_nulls_and_nesting() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("z", null);
        nested.put("a", Arrays.asList(1, null, "x"));
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("second", nested);
        object.put("first", true);
        Map<String, Object> frozen = JsonValues.freeze(object);
        assertThat(frozen.keySet()).containsExactly("second", "first");
        assertThat(frozen).isEqualTo(object);
        assertThatThrownBy(() -> ((List<Object>) ((Map<?, ?>) frozen.get("second")).get("a")).add(2))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void freezing_a_frozen_object_copies_nothing() {
        Map<String, Object> frozen = JsonValues.freeze(new HashMap<>(Map.of("a", new ArrayList<>(List.of(1)))));
        assertThat(JsonValues.freeze(frozen)).isSameAs(frozen);
    }

    @Test
    void a_value_that_is_not_json_is_refused() {
        assertThatThrownBy(() -> JsonValues.freeze(Map.of("when", new Object())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a JSON value");
    }
}
