package dev.jconvex.client.testing;

import dev.jconvex.client.ConvexClient;
import dev.jconvex.client.store.MutableStore;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 extension behind {@link JconvexTest}: one {@link JconvexEmulator} per test class, kept
 * in the class's extension store (so JUnit closes it after the class), reset before each test when
 * the annotation asks, and injected as parameters.
 */
public final class JconvexExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(JconvexExtension.class);

    /** JUnit creates the extension, named by {@link JconvexTest}. */
    public JconvexExtension() {}

    @Override
    public void beforeAll(ExtensionContext context) {
        emulator(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (settings(context).resetBetweenTests()) {
            emulator(context).reset();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == ConvexClient.class || type == MutableStore.class || type == JconvexEmulator.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        JconvexEmulator emulator = emulator(context);
        Class<?> type = parameter.getParameter().getType();
        if (type == ConvexClient.class) {
            return emulator.client();
        }
        if (type == MutableStore.class) {
            return emulator.store();
        }
        if (type == JconvexEmulator.class) {
            return emulator;
        }
        throw new ParameterResolutionException("Cannot inject " + type);
    }

    private static JconvexTest settings(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        return AnnotationSupport.findAnnotation(testClass, JconvexTest.class)
                .orElseThrow(() -> new IllegalStateException(testClass + " is not annotated with @JconvexTest"));
    }

    private static JconvexEmulator emulator(ExtensionContext context) {
        ExtensionContext classContext = classContext(context);
        Holder holder = classContext
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(
                        Holder.class,
                        k -> {
                            JconvexTest s = settings(classContext);
                            JconvexEmulator.Builder builder =
                                    JconvexEmulator.builder().mode(s.mode()).callRoute(s.callRoute());
                            if (!s.functions().isBlank()) {
                                builder.functions(Path.of(s.functions()));
                            }
                            return new Holder(builder.start());
                        },
                        Holder.class);
        return holder.emulator;
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext c = context;
        while (c.getTestMethod().isPresent() && c.getParent().isPresent()) {
            c = c.getParent().get();
        }
        return c;
    }

    /**
     * Closes the emulator when JUnit discards the class's store: JUnit 5.13+ closes AutoCloseable
     * values, older versions CloseableResource ones; close is idempotent, so both are fine.
     */
    @SuppressWarnings("deprecation")
    private record Holder(JconvexEmulator emulator) implements AutoCloseable, ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            emulator.close();
        }
    }
}
