package dev.jconvex.client.testing;

import dev.jconvex.client.CallRoute;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives the annotated test class one fresh jconvex emulator, started before its first test and
 * stopped after its last. Test methods, constructors and lifecycle methods may declare parameters of
 * type {@link dev.jconvex.client.ConvexClient}, {@link dev.jconvex.client.store.MutableStore} or
 * {@link JconvexEmulator} to receive them.
 *
 * <pre>{@code
 * @JconvexTest(mode = EmulatorMode.SERVER, resetBetweenTests = true)
 * class InventoryTest {
 *     @Test
 *     void decrementsStock(MutableStore store) { ... }
 * }
 * }</pre>
 *
 * <p>With {@code @JconvexTest(functions = "../app/convex")} the emulator also runs the project's own
 * TypeScript functions, unmodified.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(JconvexExtension.class)
public @interface JconvexTest {

    /** In process (default) or a real server on a free port. */
    EmulatorMode mode() default EmulatorMode.EMBEDDED;

    /** Whether to delete every document of every table ({@link JconvexEmulator#reset()}) before each test. */
    boolean resetBetweenTests() default false;

    /** For {@link EmulatorMode#SERVER}: which connection the injected client uses for calls. */
    CallRoute callRoute() default CallRoute.HTTP;

    /**
     * A Convex project's {@code convex/} folder (relative paths are resolved against the working
     * directory, a Maven module's base directory under Surefire) whose TypeScript functions the
     * emulator serves beside the Java modules, in place of any Java module with the same path; empty
     * (the default) for Java modules only. See {@link JconvexEmulator.Builder#functions}.
     */
    String functions() default "";
}
