package dev.jconvex.execution.internal;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * The stack frames a development deployment appends to an error message (serve {@code --dev}):
 * Convex's development deployments end an uncaught error's message with its JavaScript frames,
 * {@code "    at handler (../convex/foo.ts:5:9)"}; jconvex ends it with the handler's Java frames in
 * the same layout, then each cause ({@code Caused by: …}) with its own.
 *
 * <p>Only the function's part of a stack is shown: the frames above the runtime's own call of the
 * handler ({@link FunctionRunner}), at most {@value #MAX_FRAMES} per exception. The server log always
 * has the whole trace.
 */
final class StackFrames {

    static final int MAX_FRAMES = 30;

    private StackFrames() {}

    /** The frames of {@code e} and its causes, each line {@code "    at …\n"}. */
    static String of(Throwable e) {
        StringBuilder text = new StringBuilder();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = e; t != null && seen.add(t); t = t.getCause()) {
            if (t != e) {
                text.append("Caused by: ").append(t).append('\n');
            }
            StackTraceElement[] frames = t.getStackTrace();
            int shown = 0;
            for (StackTraceElement frame : frames) {
                if (frame.getClassName().equals(FunctionRunner.class.getName())) {
                    break;
                }
                if (shown == MAX_FRAMES) {
                    text.append("    ...\n");
                    break;
                }
                text.append("    at ").append(frame).append('\n');
                shown++;
            }
        }
        return text.toString();
    }
}
