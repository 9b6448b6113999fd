package nepi.core.resource;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names a {@link ResourceManager} class as a resource type.
 *
 * <pre>{@code
 * @ResourceType(value = "dummy::Node", help = "A node that does nothing")
 * public class Node extends ResourceManager { ... }
 * }</pre>
 *
 * <p>The platform is the part of the name before {@code ::} unless given.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ResourceType {
    /** The type name, platform-qualified, e.g. {@code "linux::Node"}. */
    String value();

    /** One or more sentences that say what the resource is. */
    String help() default "";

    /** The platform, e.g. {@code "linux"}; defaults to the prefix of the name. */
    String platform() default "";

    /** Other names the type answers to, e.g. NEPI 3's {@code "LinuxNode"}. */
    String[] aliases() default {};

    /** Attributes inherited from the parent type that this type does not have. */
    String[] removeAttributes() default {};
}
