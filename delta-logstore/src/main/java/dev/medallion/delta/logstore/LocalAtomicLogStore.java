package dev.medallion.delta.logstore;

import io.delta.storage.HDFSLogStore;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.UUID;

/**
 * Delta log writes on local disk ({@code file:}) that are put-if-absent for real. Kernel's default for local paths
 * (Hadoop's {@code FileContext} rename without overwrite) checks that the target is absent and then renames, two
 * steps, and a POSIX rename replaces an existing file: two writers committing the same version at the same moment
 * (two tasks on one table, or a zombie task and its successor) can both "win", one silently replacing the other's
 * commit. Here the complete temporary file is hard-linked to the target, which the file system refuses atomically
 * when the target exists, across threads and processes alike. Reads and listings stay Hadoop's.
 */
public final class LocalAtomicLogStore extends HDFSLogStore {
    /** The Hadoop key that makes Delta Kernel's default engine use this store for {@code file:} paths. */
    public static final String KERNEL_LOG_STORE_KEY = "io.delta.kernel.logStore.file.impl";
    /**
     * The Spark configuration key that makes delta-spark use this store for {@code file:} paths. A Spark job that
     * commits to tables the sink also writes must set it: delta-spark's default is atomic only within one JVM.
     */
    public static final String SPARK_LOG_STORE_KEY = "spark.delta.logStore.file.impl";

    private static final Logger log = LoggerFactory.getLogger(LocalAtomicLogStore.class);
    private static volatile boolean linksUnsupportedLogged;

    public LocalAtomicLogStore(Configuration hadoopConf) {
        super(hadoopConf);
    }

    @Override
    public void write(Path path, Iterator<String> actions, Boolean overwrite, Configuration hadoopConf)
            throws IOException {
        java.nio.file.Path target = new File(path.toUri()).toPath();
        java.nio.file.Path temp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            writeFully(temp, actions);
            if (Boolean.TRUE.equals(overwrite)) {
                // Hadoop's reader checks a ".<name>.crc" sidecar when one exists; ours would describe the old content.
                Files.deleteIfExists(hadoopChecksumOf(target));
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } else {
                link(target, temp, path, hadoopConf);
            }
        } catch (FileAlreadyExistsException e) {
            throw new FileAlreadyExistsException(path.toString());
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Hard-links the finished temporary file to the target; file systems without hard links get Hadoop's write. */
    private void link(java.nio.file.Path target, java.nio.file.Path temp, Path path, Configuration hadoopConf)
            throws IOException {
        try {
            Files.createLink(target, temp);
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (UnsupportedOperationException | FileSystemException e) {
            if (!linksUnsupportedLogged) {
                linksUnsupportedLogged = true;
                log.warn("{} does not support hard links ({}); Delta commits there use Hadoop's check-then-rename,"
                        + " which is not safe for concurrent writers of one table", target.getParent(), e.toString());
            }
            super.write(path, Files.readAllLines(temp, StandardCharsets.UTF_8).iterator(), false, hadoopConf);
        }
    }

    private static void writeFully(java.nio.file.Path file, Iterator<String> lines) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            OutputStream out = Channels.newOutputStream(channel);
            BufferedWriter writer = new BufferedWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8));
            while (lines.hasNext()) {
                writer.write(lines.next());
                writer.write('\n');
            }
            writer.flush();
            // The commit is durable before it becomes visible under its version's name.
            channel.force(true);
        }
    }

    public static java.nio.file.Path hadoopChecksumOf(java.nio.file.Path file) {
        return file.resolveSibling("." + file.getFileName() + ".crc");
    }
}
