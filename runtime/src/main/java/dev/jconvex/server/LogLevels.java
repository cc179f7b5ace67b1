package dev.jconvex.server;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.slf4j.LoggerFactory;

/**
 * The levels {@code serve --log-level} sets: {@code --log-level debug} sets the root logger, {@code
 * --log-level jconvex.functions=warn} one logger (and those under it). Levels are Logback's:
 * {@code trace}, {@code debug}, {@code info}, {@code warn}, {@code error}, {@code off}.
 *
 * <p>SLF4J has no API to set a level, so they are applied through Logback, the runnable jar's
 * backend; with another backend on the class path they are reported as ignored.
 */
final class LogLevels {

    static final Set<String> LEVELS = Set.of("trace", "debug", "info", "warn", "error", "off");

    /** The root logger's name, as Logback and SLF4J spell it. */
    static final String ROOT = org.slf4j.Logger.ROOT_LOGGER_NAME;

    /** One setting: the level of {@code logger}. */
    record Setting(String logger, String level) {
        Setting {
            Objects.requireNonNull(logger, "logger");
            Objects.requireNonNull(level, "level");
        }

        /**
         * {@code LEVEL} (the root logger) or {@code LOGGER=LEVEL}.
         *
         * @throws IllegalArgumentException naming the accepted levels
         */
        static Setting parse(String text) {
            int eq = text.indexOf('=');
            String logger = eq < 0 ? ROOT : text.substring(0, eq).strip();
            String level = (eq < 0 ? text : text.substring(eq + 1)).strip().toLowerCase(Locale.ROOT);
            if (logger.isEmpty() || !LEVELS.contains(level)) {
                throw new IllegalArgumentException(
                        "--log-level expects LEVEL or LOGGER=LEVEL with LEVEL one of trace, debug, info, warn,"
                                + " error, off; got " + text);
            }
            return new Setting(logger, level);
        }
    }

    private LogLevels() {}

    /**
     * Applies {@code settings} in order (a later one for the same logger wins).
     *
     * @return false when the logging backend is not Logback and nothing was changed
     */
    static boolean apply(List<Setting> settings) {
        if (settings.isEmpty()) {
            return true;
        }
        if (!LoggerFactory.getILoggerFactory().getClass().getName().equals("ch.qos.logback.classic.LoggerContext")) {
            return false;
        }
        Logback.apply(settings);
        return true;
    }

    /** The Logback calls, in a class of their own so that it loads only when Logback is there. */
    private static final class Logback {
        static void apply(List<Setting> settings) {
            ch.qos.logback.classic.LoggerContext context =
                    (ch.qos.logback.classic.LoggerContext) LoggerFactory.getILoggerFactory();
            for (Setting setting : settings) {
                context.getLogger(setting.logger()).setLevel(ch.qos.logback.classic.Level.toLevel(setting.level()));
            }
        }
    }
}
