package dev.lepus.kernel;

import dev.lepus.api.ApiGroup;
import dev.lepus.api.Manifest;

/**
 * The API groups a component class declares in its {@link Manifest}, as a bit set of ordinals, cached per class.
 *
 * <p>Thread contract: threadsafe.
 */
final class ApiGroups {

    /** What a component without a manifest may use. */
    static final int DEFAULT = (1 << ApiGroup.CORE.ordinal()) | (1 << ApiGroup.TIMERS.ordinal());

    private static final ClassValue<Integer> GROUPS = new ClassValue<>() {
        @Override
        protected Integer computeValue(final Class<?> type) {
            final Manifest m = type.getAnnotation(Manifest.class);
            if (m == null) {
                return DEFAULT;
            }
            int bits = 1 << ApiGroup.CORE.ordinal();
            for (final ApiGroup g : m.groups()) {
                bits |= 1 << g.ordinal();
            }
            return bits;
        }
    };

    private ApiGroups() {
    }

    static int of(final Class<?> componentClass) {
        return GROUPS.get(componentClass);
    }
}
