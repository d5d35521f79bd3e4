package dev.jobregistry.domain;

import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Job params and results are JSON objects. The domain holds them as plain Java values:
 * {@code Map<String, Object>} for objects, {@code List<Object>} for arrays, and
 * {@code String}, {@code Number}, {@code Boolean} or {@code null} for the rest.
 */
public final class JsonValues {

    private JsonValues() {
    }

    /**
     * A deep, unmodifiable copy of a JSON object that keeps its key order and its {@code null}
     * values, so a job's params cannot change behind its back. Freezing a frozen object returns
     * it as it is, so moving a job from state to state copies nothing.
     *
     * @throws IllegalArgumentException if a value is not one of the JSON kinds listed above
     */
    public static Map<String, Object> freeze(Map<String, ?> object) {
        if (object == null) {
            return null;
        }
        if (object instanceof FrozenObject frozen) {
            return frozen;
        }
        return (FrozenObject) freezeValue(object);
    }

    private static Object freezeValue(Object value) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean
                || value instanceof FrozenObject || value instanceof FrozenArray) {
            return value;
        }
        if (value instanceof Map<?, ?> map) {
            LinkedHashMap<String, Object> copy = new LinkedHashMap<>(Math.max(4, map.size() * 2));
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!(entry.getKey() instanceof String key)) {
                    throw new IllegalArgumentException("JSON object keys are strings, got " + entry.getKey());
                }
                copy.put(key, freezeValue(entry.getValue()));
            }
            return new FrozenObject(copy);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (Object item : list) {
                copy.add(freezeValue(item));
            }
            return new FrozenArray(copy);
        }
        throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
    }

    private static final class FrozenObject extends AbstractMap<String, Object> {
        private final LinkedHashMap<String, Object> values;

        FrozenObject(LinkedHashMap<String, Object> values) {
            this.values = values;
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return java.util.Collections.unmodifiableMap(values).entrySet();
        }

        @Override
        public Object get(Object key) {
            return values.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return values.containsKey(key);
        }

        @Override
        public int size() {
            return values.size();
        }
    }

    private static final class FrozenArray extends AbstractList<Object> {
        private final List<Object> values;

        FrozenArray(List<Object> values) {
            this.values = values;
        }

        @Override
        public Object get(int index) {
            return values.get(index);
        }

        @Override
        public int size() {
            return values.size();
        }
    }
}
