package dev.jconvex.server;

import dev.jconvex.admin.ImportRequest;
import dev.jconvex.admin.Progress;
import dev.jconvex.admin.SnapshotExports;
import dev.jconvex.admin.SnapshotImports;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * {@code serve --import FILE} and {@code --export-on-exit FILE}, as Firebase's emulator offers them:
 * a snapshot ZIP loaded right after start, before the banner is printed (replacing the tables the
 * file holds),
 * and one written when it stops. Both report progress on {@code err}.
 */
final class Snapshots {

    private Snapshots() {}

    static void importAtStart(JconvexServer server, Path file, PrintStream err) {
        ProgressBar bar = new ProgressBar(err, "importing " + file.getFileName());
        SnapshotImports.Result result = server.runtime()
                .admin()
                .imports()
                .importFile(
                        file,
                        new ImportRequest(ImportRequest.Format.ZIP, ImportRequest.Mode.REPLACE, Optional.empty()),
                        bar);
        bar.finish("imported " + result.written() + " documents from " + file);
    }

    static void exportAtExit(JconvexServer server, Path file, PrintStream err) {
        ProgressBar bar = new ProgressBar(err, "exporting to " + file.getFileName());
        try {
            Path partial = file.resolveSibling(file.getFileName() + ".partial");
            SnapshotExports.Summary summary;
            try (OutputStream out = Files.newOutputStream(partial)) {
                summary = SnapshotExports.write(
                        server.runtime().admin().database(), out, false, done -> bar.update("exported", done, -1));
            }
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
            bar.finish("exported " + summary.documents() + " documents of " + summary.tables() + " tables to " + file);
        } catch (IOException | RuntimeException e) {
            err.println("jconvex: export to " + file + " failed: " + e.getMessage());
        }
    }

    /**
     * One line redrawn in place: phase, documents done (of total), documents per second, and the
     * time left when the total is known. Redrawn at most every 200 ms.
     */
    static final class ProgressBar implements Progress {
        private final PrintStream out;
        private final String label;
        private final long start = System.nanoTime();
        private long lastDraw;

        ProgressBar(PrintStream out, String label) {
            this.out = out;
            this.label = label;
        }

        @Override
        public synchronized void update(String phase, long done, long total) {
            long now = System.nanoTime();
            if (now - lastDraw < 200_000_000L && done != total) {
                return;
            }
            lastDraw = now;
            out.print("\r" + line(phase, done, total, now));
            out.flush();
        }

        String line(String phase, long done, long total, long now) {
            double seconds = Math.max(1e-9, (now - start) / 1e9);
            double rate = done / seconds;
            StringBuilder text =
                    new StringBuilder(label).append(": ").append(phase).append(' ');
            if (total > 0) {
                int width = 30;
                int filled = (int) Math.min(width, width * done / total);
                text.append('[')
                        .append("#".repeat(filled))
                        .append(".".repeat(width - filled))
                        .append("] ")
                        .append(done)
                        .append('/')
                        .append(total);
                if (rate > 0 && done < total) {
                    text.append(String.format(" ETA %ds", (long) ((total - done) / rate)));
                }
            } else {
                text.append(done);
            }
            text.append(String.format(" (%,.0f documents/s)   ", rate));
            return text.toString();
        }

        void finish(String message) {
            out.print("\r");
            out.println(message + " in " + (System.nanoTime() - start) / 1_000_000 + " ms");
            out.flush();
        }
    }
}
