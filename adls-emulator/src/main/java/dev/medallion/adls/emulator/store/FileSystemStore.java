package dev.medallion.adls.emulator.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The hierarchical namespace of one storage account on local disk: each filesystem (container) is a directory under
 * the account's root, each path a file or directory below it. Committed data lives in the files; data appended but not
 * yet flushed is held in memory per file, keyed by its position, as the service keeps uncommitted appends until a
 * flush names the length that makes them contiguous. ETags, client transaction ids and user properties are kept in
 * memory beside the files (a restarted emulator derives ETags from the files' times and sizes).
 *
 * <p>Every operation runs under one lock, so renames, creates with {@code If-None-Match: *} and flushes are atomic
 * towards each other, which is what the service guarantees and what Delta's commits rely on.
 */
public final class FileSystemStore {
    private static final Pattern FILESYSTEM_NAME = Pattern.compile("[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}");

    private final Path root;
    private final Map<String, Meta> meta = new HashMap<>();
    private final AtomicLong etagClock = new AtomicLong(System.currentTimeMillis() * 1000);

    public FileSystemStore(Path root) {
        this.root = root;
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create the emulator's data directory " + root, e);
        }
    }

    public Path root() {
        return root;
    }

    // ---- filesystems ------------------------------------------------------------------------------------------------

    public synchronized PathStatus createFileSystem(String fileSystem, String properties) {
        if (!FILESYSTEM_NAME.matcher(fileSystem).matches()) {
            throw StorageException.badRequest("InvalidResourceName",
                    "The specifed resource name contains invalid characters.");
        }
        Path dir = root.resolve(fileSystem);
        if (Files.isDirectory(dir)) {
            throw StorageException.conflict("FilesystemAlreadyExists", "The specified filesystem already exists.");
        }
        io(() -> Files.createDirectories(dir));
        Meta m = metaOf(fileSystem, "");
        m.etag = nextEtag();
        m.properties = properties;
        return status(fileSystem, "");
    }

    public synchronized PathStatus fileSystemStatus(String fileSystem) {
        requireFileSystem(fileSystem);
        return status(fileSystem, "");
    }

    public synchronized void setFileSystemProperties(String fileSystem, String properties) {
        requireFileSystem(fileSystem);
        Meta m = metaOf(fileSystem, "");
        m.properties = properties;
        m.etag = nextEtag();
    }

    public synchronized void deleteFileSystem(String fileSystem) {
        requireFileSystem(fileSystem);
        deleteTree(root.resolve(fileSystem));
        meta.keySet().removeIf(k -> k.equals(fileSystem) || k.startsWith(fileSystem + "/"));
    }

    // ---- paths ------------------------------------------------------------------------------------------------------

    /**
     * Creates a file (empty) or directory, creating missing parent directories as the hierarchical namespace does.
     *
     * @param ifNoneMatchAny {@code If-None-Match: *}: fail with 409 PathAlreadyExists when the path exists
     * @param ifMatch        an ETag the existing path must have, or {@code null}
     */
    public synchronized PathStatus createPath(String fileSystem, String path, boolean directory,
                                              boolean ifNoneMatchAny, String ifMatch, String clientTransactionId,
                                              String properties) {
        requireFileSystem(fileSystem);
        if (path.isEmpty()) {
            if (directory && !ifNoneMatchAny) {
                return status(fileSystem, "");
            }
            throw StorageException.conflict("PathAlreadyExists", "The specified path already exists.");
        }
        Path target = resolve(fileSystem, path);
        boolean exists = Files.exists(target);
        if (exists && ifNoneMatchAny) {
            throw StorageException.conflict("PathAlreadyExists", "The specified path already exists.");
        }
        if (ifMatch != null && (!exists || !sameEtag(ifMatch, status(fileSystem, path).etag()))) {
            throw new StorageException(412, "ConditionNotMet", "The condition specified using HTTP conditional"
                    + " header(s) is not met.");
        }
        if (exists && Files.isDirectory(target) != directory) {
            throw StorageException.conflict("PathConflict", "The specified path, or an element of the path, exists"
                    + " and its resource type is invalid for this operation.");
        }
        createParents(fileSystem, target.getParent());
        if (directory) {
            io(() -> Files.createDirectories(target));
        } else {
            io(() -> Files.write(target, new byte[0]));
        }
        Meta m = metaOf(fileSystem, path);
        m.pending.clear();
        m.etag = nextEtag();
        m.clientTransactionId = clientTransactionId;
        m.properties = properties;
        return status(fileSystem, path);
    }

    /** Holds {@code data} as uncommitted at {@code position}; a retried append at the same position replaces it. */
    public synchronized void append(String fileSystem, String path, long position, byte[] data) {
        Path file = requireFile(fileSystem, path);
        long committed = size(file);
        if (position < committed) {
            throw StorageException.badRequest("InvalidFlushPosition", "The uploaded data is not contiguous or the"
                    + " position query parameter value is not equal to the length of the file after appending the"
                    + " uploaded data.");
        }
        metaOf(fileSystem, path).pending.put(position, data.clone());
    }

    /**
     * Commits the uncommitted data up to {@code position}, which must be exactly the length the file has once the
     * appends from its committed length on are laid end to end (400 InvalidFlushPosition otherwise). Flushing the
     * committed length again succeeds and changes nothing, so a retried flush is harmless.
     */
    public synchronized PathStatus flush(String fileSystem, String path, long position, boolean retainUncommitted,
                                         String properties) {
        Path file = requireFile(fileSystem, path);
        Meta m = metaOf(fileSystem, path);
        long committed = size(file);
        if (position < committed) {
            throw invalidFlushPosition();
        }
        List<byte[]> pieces = new ArrayList<>();
        long cursor = committed;
        while (cursor < position) {
            byte[] piece = m.pending.get(cursor);
            if (piece == null || cursor + piece.length > position) {
                throw invalidFlushPosition();
            }
            pieces.add(piece);
            cursor += piece.length;
        }
        if (!pieces.isEmpty()) {
            io(() -> {
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                    for (byte[] piece : pieces) {
                        ByteBuffer buffer = ByteBuffer.wrap(piece);
                        while (buffer.hasRemaining()) {
                            channel.write(buffer);
                        }
                    }
                }
            });
            m.etag = nextEtag();
            touch(file);
        }
        m.pending.headMap(position).clear();
        if (!retainUncommitted) {
            m.pending.clear();
        }
        if (properties != null) {
            m.properties = properties;
        }
        return status(fileSystem, path);
    }

    /** {@code length} bytes from {@code offset} ({@code -1}: to the end) of a committed file. */
    public synchronized byte[] read(String fileSystem, String path, long offset, long length, String ifMatch) {
        Path file = requireFile(fileSystem, path);
        if (ifMatch != null && !sameEtag(ifMatch, status(fileSystem, path).etag())) {
            throw new StorageException(412, "ConditionNotMet", "The condition specified using HTTP conditional"
                    + " header(s) is not met.");
        }
        long size = size(file);
        if (offset > 0 && offset >= size) {
            throw new StorageException(416, "InvalidRange", "The range specified is invalid for the current size of"
                    + " the resource.");
        }
        long end = length < 0 ? size : Math.min(size, offset + length);
        byte[] out = new byte[(int) (end - offset)];
        io(() -> {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                ByteBuffer buffer = ByteBuffer.wrap(out);
                long at = offset;
                while (buffer.hasRemaining()) {
                    int n = channel.read(buffer, at);
                    if (n < 0) {
                        break;
                    }
                    at += n;
                }
            }
        });
        return out;
    }

    public synchronized PathStatus pathStatus(String fileSystem, String path) {
        requireFileSystem(fileSystem);
        if (!Files.exists(resolve(fileSystem, path))) {
            throw StorageException.notFound("PathNotFound", "The specified path does not exist.");
        }
        return status(fileSystem, path);
    }

    public synchronized PathStatus setProperties(String fileSystem, String path, String properties) {
        pathStatus(fileSystem, path);
        Meta m = metaOf(fileSystem, path);
        m.properties = properties;
        m.etag = nextEtag();
        return status(fileSystem, path);
    }

    /**
     * Lists {@code directory} (or the whole filesystem for {@code ""}) in name order, {@code maxResults} entries per
     * page; the continuation token names the last entry returned.
     */
    public synchronized ListPage list(String fileSystem, String directory, boolean recursive, String continuation,
                                      int maxResults) {
        requireFileSystem(fileSystem);
        Path dir = resolve(fileSystem, directory);
        if (!Files.exists(dir)) {
            throw StorageException.notFound("PathNotFound", "The specified path does not exist.");
        }
        if (!Files.isDirectory(dir)) {
            return new ListPage(List.of(status(fileSystem, directory)), null);
        }
        String after = continuation == null || continuation.isEmpty() ? null
                : new String(Base64.getUrlDecoder().decode(continuation), StandardCharsets.UTF_8);
        Path fsRoot = root.resolve(fileSystem);
        List<String> names = new ArrayList<>();
        io(() -> {
            try (Stream<Path> entries = recursive ? Files.walk(dir) : Files.list(dir)) {
                entries.filter(p -> !p.equals(dir))
                        .map(p -> fsRoot.relativize(p).toString().replace('\\', '/'))
                        .forEach(names::add);
            }
        });
        names.sort(Comparator.naturalOrder());
        List<PathStatus> page = new ArrayList<>();
        String next = null;
        for (String name : names) {
            if (after != null && name.compareTo(after) <= 0) {
                continue;
            }
            if (page.size() == maxResults) {
                next = Base64.getUrlEncoder().withoutPadding()
                        .encodeToString(page.get(page.size() - 1).name().getBytes(StandardCharsets.UTF_8));
                break;
            }
            page.add(status(fileSystem, name));
        }
        return new ListPage(page, next);
    }

    /**
     * Moves {@code source} to {@code destination} (files and whole directories, atomically). With
     * {@code ifNoneMatchAny} an existing destination fails the rename with 409 PathAlreadyExists: this is the
     * put-if-absent Delta commits rely on. The moved path keeps its ETag, as on the service.
     */
    public synchronized PathStatus rename(String sourceFileSystem, String source, String fileSystem,
                                          String destination, boolean ifNoneMatchAny, String clientTransactionId) {
        requireFileSystem(sourceFileSystem);
        requireFileSystem(fileSystem);
        if (!sourceFileSystem.equals(fileSystem)) {
            throw StorageException.badRequest("InvalidDestinationPath", "A path cannot be renamed into another"
                    + " filesystem.");
        }
        Path from = resolve(fileSystem, source);
        Path to = resolve(fileSystem, destination);
        if (source.isEmpty() || !Files.exists(from)) {
            throw StorageException.notFound("SourcePathNotFound", "The source path for a rename operation does not"
                    + " exist.");
        }
        if (destination.isEmpty() || (destination + "/").startsWith(source + "/")) {
            throw StorageException.badRequest("InvalidDestinationPath", "The specified path, or an element of the"
                    + " path, cannot be the destination of a rename of its own ancestor.");
        }
        if (!Files.isDirectory(to.getParent())) {
            throw StorageException.notFound("RenameDestinationParentPathNotFound", "The parent directory of the"
                    + " destination path does not exist.");
        }
        if (Files.exists(to)) {
            if (ifNoneMatchAny) {
                throw StorageException.conflict("PathAlreadyExists", "The specified path already exists.");
            }
            if (Files.isDirectory(to) || Files.isDirectory(from)) {
                throw StorageException.conflict("PathConflict", "The specified path, or an element of the path,"
                        + " exists and its resource type is invalid for this operation.");
            }
        }
        String fromKey = key(fileSystem, source);
        String toKey = key(fileSystem, destination);
        Map<String, Meta> moved = new HashMap<>();
        for (Iterator<Map.Entry<String, Meta>> it = meta.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Meta> e = it.next();
            if (e.getKey().equals(toKey) || e.getKey().startsWith(toKey + "/")) {
                it.remove();
            } else if (e.getKey().equals(fromKey) || e.getKey().startsWith(fromKey + "/")) {
                moved.put(toKey + e.getKey().substring(fromKey.length()), e.getValue());
                it.remove();
            }
        }
        if (!moved.containsKey(toKey)) {
            Meta m = new Meta();
            m.etag = derivedEtag(from);
            moved.put(toKey, m);
        }
        io(() -> Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING));
        meta.putAll(moved);
        meta.get(toKey).clientTransactionId = clientTransactionId;
        return status(fileSystem, destination);
    }

    public synchronized void delete(String fileSystem, String path, boolean recursive) {
        requireFileSystem(fileSystem);
        if (path.isEmpty()) {
            throw StorageException.badRequest("InvalidUri", "The root directory of a filesystem cannot be deleted;"
                    + " delete the filesystem instead.");
        }
        Path target = resolve(fileSystem, path);
        if (!Files.exists(target)) {
            throw StorageException.notFound("PathNotFound", "The specified path does not exist.");
        }
        if (Files.isDirectory(target) && !recursive) {
            boolean empty;
            try (Stream<Path> children = Files.list(target)) {
                empty = children.findAny().isEmpty();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (!empty) {
                throw StorageException.conflict("DirectoryNotEmpty", "The recursive query parameter value must be"
                        + " true to delete a non-empty directory.");
            }
        }
        deleteTree(target);
        String k = key(fileSystem, path);
        meta.keySet().removeIf(e -> e.equals(k) || e.startsWith(k + "/"));
    }

    // ---- helpers ----------------------------------------------------------------------------------------------------

    private PathStatus status(String fileSystem, String path) {
        Path p = resolve(fileSystem, path);
        Meta m = meta.get(key(fileSystem, path));
        boolean directory = Files.isDirectory(p);
        String etag = m != null && m.etag != null ? m.etag : derivedEtag(p);
        Instant modified;
        try {
            modified = Files.getLastModifiedTime(p).toInstant();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new PathStatus(path, directory, directory ? 0 : size(p), etag, modified,
                m == null ? null : m.clientTransactionId, m == null ? null : m.properties);
    }

    private void requireFileSystem(String fileSystem) {
        if (!FILESYSTEM_NAME.matcher(fileSystem).matches() || !Files.isDirectory(root.resolve(fileSystem))) {
            throw StorageException.notFound("FilesystemNotFound", "The specified filesystem does not exist.");
        }
    }

    private Path requireFile(String fileSystem, String path) {
        requireFileSystem(fileSystem);
        Path file = resolve(fileSystem, path);
        if (!Files.exists(file)) {
            throw StorageException.notFound("PathNotFound", "The specified path does not exist.");
        }
        if (Files.isDirectory(file)) {
            throw StorageException.badRequest("InvalidFlushOperation", "The resource is a directory; only files"
                    + " can be read, appended to or flushed.");
        }
        return file;
    }

    private void createParents(String fileSystem, Path parent) {
        Path fsRoot = root.resolve(fileSystem);
        for (Path p = parent; p != null && !p.equals(fsRoot); p = p.getParent()) {
            if (Files.exists(p) && !Files.isDirectory(p)) {
                throw StorageException.conflict("PathConflict", "An element of the path is a file: "
                        + fsRoot.relativize(p));
            }
        }
        io(() -> Files.createDirectories(parent));
    }

    private Path resolve(String fileSystem, String path) {
        Path fsRoot = root.resolve(fileSystem);
        if (path.isEmpty()) {
            return fsRoot;
        }
        for (String segment : path.split("/")) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw StorageException.badRequest("InvalidResourceName", "The specifed resource name contains"
                        + " invalid characters: '" + path + "'.");
            }
        }
        return fsRoot.resolve(path);
    }

    private Meta metaOf(String fileSystem, String path) {
        return meta.computeIfAbsent(key(fileSystem, path), k -> new Meta());
    }

    private static String key(String fileSystem, String path) {
        return path.isEmpty() ? fileSystem : fileSystem + "/" + path;
    }

    private String nextEtag() {
        return "\"0x" + Long.toHexString(etagClock.incrementAndGet()).toUpperCase(java.util.Locale.ROOT) + "\"";
    }

    private static String derivedEtag(Path p) {
        try {
            long stamp = Files.getLastModifiedTime(p).to(java.util.concurrent.TimeUnit.MICROSECONDS);
            long size = Files.isDirectory(p) ? 0 : Files.size(p);
            return "\"0x" + Long.toHexString(stamp * 31 + size).toUpperCase(java.util.Locale.ROOT) + "\"";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean sameEtag(String a, String b) {
        return strip(a).equals(strip(b));
    }

    private static String strip(String etag) {
        String e = etag.trim();
        return e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"") ? e.substring(1, e.length() - 1) : e;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void touch(Path file) {
        io(() -> Files.setLastModifiedTime(file, FileTime.from(Instant.now())));
    }

    private static StorageException invalidFlushPosition() {
        return StorageException.badRequest("InvalidFlushPosition", "The uploaded data is not contiguous or the"
                + " position query parameter value is not equal to the length of the file after appending the"
                + " uploaded data.");
    }

    private static void deleteTree(Path top) {
        io(() -> {
            try (Stream<Path> all = Files.walk(top)) {
                for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                    Files.delete(p);
                }
            }
        });
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private static void io(IoAction action) {
        try {
            action.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** In-memory facts about a path that the file system does not hold. */
    private static final class Meta {
        String etag;
        String clientTransactionId;
        String properties;
        final TreeMap<Long, byte[]> pending = new TreeMap<>();
    }
}
