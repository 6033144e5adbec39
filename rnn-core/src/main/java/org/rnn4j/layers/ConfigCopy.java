package org.rnn4j.layers;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

/** Copies a DL4J layer configuration's settings into the fused configuration that extends it. */
final class ConfigCopy {
    private ConfigCopy() {
    }

    /**
     * @param dl4j the DL4J configuration class whose fields (and its superclasses') are copied
     * @param from an instance of {@code dl4j}
     * @param to the fused configuration, a subclass instance of {@code dl4j}
     * @return {@code to}, holding every instance field of {@code from}
     * @throws IllegalStateException when a field cannot be copied
     */
    static <T> T settings(Class<?> dl4j, Object from, T to) {
        try {
            for (Class<?> c = dl4j; c != Object.class; c = c.getSuperclass()) {
                for (Field field : c.getDeclaredFields()) {
                    if (!Modifier.isStatic(field.getModifiers())) {
                        field.setAccessible(true);
                        field.set(to, field.get(from));
                    }
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot copy the settings of the DL4J " + dl4j.getSimpleName()
                    + " configuration", e);
        }
        return to;
    }
}
