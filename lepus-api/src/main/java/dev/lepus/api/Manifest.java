package dev.lepus.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a component class's name and the API groups it uses. A component without a manifest may use
 * {@link ApiGroup#CORE} and {@link ApiGroup#TIMERS}. Using a group that is not declared fails the handler with a
 * clear error.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Manifest {

    /**
     * A short name for the component class, used in tools.
     *
     * @return the name
     */
    String name();

    /**
     * The API groups the component uses; {@link ApiGroup#CORE} is implied.
     *
     * @return the groups
     */
    ApiGroup[] groups() default {ApiGroup.CORE};
}
