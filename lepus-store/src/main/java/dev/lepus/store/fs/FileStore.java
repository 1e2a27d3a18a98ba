package dev.lepus.store.fs;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

import dev.lepus.store.Database;
import dev.lepus.store.StateStore;
import dev.lepus.store.StoreException;

import static dev.lepus.store.StateStore.instant;
import static dev.lepus.store.StateStore.timestamp;

/**
 * The file system as tables (DBOS-FS), on the state store's database: {@code directories}, {@code files} and
 * {@code blocks} of a fixed size per file. Every operation is one transaction, so a crash in the middle of a write
 * leaves the file as it was before the write (or absent, if the write created it), never torn, and a read sees one
 * version of the file.
 *
 * <p>Locking: a write locks the file's row ({@code SELECT ... FOR UPDATE}); creating, deleting or renaming an entry
 * locks its parent directory's row first. Writers to the same file are therefore serialized by the database, and the
 * order parent-then-file is the same everywhere, so transactions do not wait on each other in a cycle. A transaction
 * the database still aborts (deadlock, lock time-out) is retried by {@link Database#inTransaction}.
 *
 * <p>Thread contract: threadsafe; every method blocks the calling thread on the database. Components reach it
 * through {@link AsyncFileStore}.
 */
public final class FileStore {

    /**
     * The file store's settings: block size, largest file and clock. Not threadsafe; {@link #conclude()} checks it.
     */
    public static final class Context {

        /** System property: the block size of new files, in bytes. */
        public static final String BLOCK_SIZE_PROP_NAME = "lepus.store.fs.blockSizeBytes";

        /** System property: the largest file, in bytes. */
        public static final String MAX_FILE_SIZE_PROP_NAME = "lepus.store.fs.maxFileSizeBytes";

        /** The block size of new files: 64 KiB. */
        public static final int DEFAULT_BLOCK_SIZE_BYTES = 64 * 1024;

        /** The largest file: 64 MiB. */
        public static final long DEFAULT_MAX_FILE_SIZE_BYTES = 64L * 1024 * 1024;

        private int blockSizeBytes = Integer.getInteger(BLOCK_SIZE_PROP_NAME, DEFAULT_BLOCK_SIZE_BYTES);
        private long maxFileSizeBytes = Long.getLong(MAX_FILE_SIZE_PROP_NAME, DEFAULT_MAX_FILE_SIZE_BYTES);
        private Clock clock = Clock.systemUTC();

        /**
         * @param bytes the block size of new files: a power of two from 512 B to 16 MiB
         * @return this
         */
        public Context blockSizeBytes(final int bytes) {
            this.blockSizeBytes = bytes;
            return this;
        }

        /**
         * @return the block size of new files
         */
        public int blockSizeBytes() {
            return blockSizeBytes;
        }

        /**
         * @param bytes the largest file a write may make
         * @return this
         */
        public Context maxFileSizeBytes(final long bytes) {
            this.maxFileSizeBytes = bytes;
            return this;
        }

        /**
         * @return the largest file a write may make
         */
        public long maxFileSizeBytes() {
            return maxFileSizeBytes;
        }

        /**
         * @param clock the clock that stamps {@code modified_at}
         * @return this
         */
        public Context clock(final Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * @return the clock that stamps {@code modified_at}
         */
        public Clock clock() {
            return clock;
        }

        /**
         * @return this, checked
         * @throws IllegalArgumentException naming the setting that is out of range
         */
        public Context conclude() {
            if (blockSizeBytes < 512 || blockSizeBytes > 16 * 1024 * 1024 || Integer.bitCount(blockSizeBytes) != 1) {
                throw new IllegalArgumentException("blockSizeBytes " + blockSizeBytes
                    + ": must be a power of two from 512 to 16777216");
            }
            if (maxFileSizeBytes <= 0 || maxFileSizeBytes / blockSizeBytes >= Integer.MAX_VALUE) {
                throw new IllegalArgumentException("maxFileSizeBytes " + maxFileSizeBytes + ": must be positive and"
                    + " under 2^31 blocks of " + blockSizeBytes + " bytes");
            }
            return this;
        }
    }

    private static final String FS_IDS = "fs_ids";

    private final Database db;
    private final int blockSizeBytes;
    private final long maxFileSizeBytes;
    private final Clock clock;
    /** Row lock for a row we only update columns of, not its key: does not block foreign-key checks. */
    private final String lockRow;

    private FileStore(final Database db, final Context ctx) {
        this.db = db;
        this.blockSizeBytes = ctx.blockSizeBytes();
        this.maxFileSizeBytes = ctx.maxFileSizeBytes();
        this.clock = ctx.clock();
        this.lockRow = db.dialect() == Database.Dialect.POSTGRESQL ? " FOR NO KEY UPDATE" : " FOR UPDATE";
    }

    /**
     * @param store the state store whose database holds the file system
     * @return a file store with the default settings
     */
    public static FileStore open(final StateStore store) {
        return open(store, new Context());
    }

    /**
     * @param store the state store whose database holds the file system
     * @param ctx   the settings
     * @return a file store
     */
    public static FileStore open(final StateStore store, final Context ctx) {
        return new FileStore(store.database(), ctx.conclude());
    }

    /**
     * @return the largest file a write may make, in bytes
     */
    public long maxFileSizeBytes() {
        return maxFileSizeBytes;
    }

    /**
     * @return the block size of new files, in bytes
     */
    public int blockSizeBytes() {
        return blockSizeBytes;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Reads

    /**
     * Opens a file for reading: its metadata as of now.
     *
     * @param path an absolute path
     * @return the file's metadata
     * @throws FileStoreException {@code NO_SUCH_FILE} or {@code IS_DIRECTORY}
     */
    public FileInfo open(final String path) {
        FsPaths.check(path);
        return db.inTransaction("open " + path, c -> {
            final FileInfo info = fileInfo(c, path, "");
            if (info == null) {
                throw missingFile(c, path);
            }
            return info;
        });
    }

    /**
     * @param path an absolute path
     * @return whether a file or directory exists there
     */
    public boolean exists(final String path) {
        FsPaths.check(path);
        return db.inTransaction("exists " + path, c -> fileId(c, path, "") != null || dirId(c, path, "") != null);
    }

    /**
     * Reads up to {@code len} bytes from {@code offset}: fewer at the end of the file, none past it. The bytes all
     * come from one version of the file.
     *
     * @param path   an absolute path
     * @param offset the first byte, from 0
     * @param len    how many bytes at most
     * @return the bytes
     * @throws FileStoreException {@code NO_SUCH_FILE} or {@code IS_DIRECTORY}
     */
    public byte[] read(final String path, final long offset, final int len) {
        FsPaths.check(path);
        if (offset < 0 || len < 0) {
            throw new IllegalArgumentException("read " + path + ": negative offset " + offset + " or length " + len);
        }
        return db.inTransaction("read " + path, c -> {
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            final FileInfo info = fileInfo(c, path, "");
            if (info == null) {
                throw missingFile(c, path);
            }
            final long n = Math.max(0, Math.min(len, info.size() - offset));
            final byte[] out = new byte[(int) n];
            if (n == 0) {
                return out;
            }
            final int bs = info.blockSize();
            final long first = offset / bs;
            final long last = (offset + n - 1) / bs;
            try (PreparedStatement ps = c.prepareStatement("SELECT b.block_index, b.data FROM blocks b"
                + " JOIN files f ON f.id = b.file_id WHERE f.path = ? AND b.block_index BETWEEN ? AND ?")) {
                ps.setString(1, path);
                ps.setLong(2, first);
                ps.setLong(3, last);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        final long blockStart = (long) rs.getInt(1) * bs;
                        final byte[] data = rs.getBytes(2);
                        final long from = Math.max(offset, blockStart);
                        final long to = Math.min(Math.min(offset + n, blockStart + data.length), blockStart + bs);
                        if (to > from) {
                            System.arraycopy(data, (int) (from - blockStart), out, (int) (from - offset),
                                (int) (to - from));
                        }
                    }
                }
            }
            return out;
        });
    }

    /**
     * Lists a directory.
     *
     * @param dir an absolute path of a directory
     * @return its entries, by name
     * @throws FileStoreException {@code NO_SUCH_DIRECTORY} or {@code NOT_A_DIRECTORY}
     */
    public List<DirEntry> list(final String dir) {
        FsPaths.check(dir);
        return db.inTransaction("list " + dir, c -> {
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            final Long id = dirId(c, dir, "");
            if (id == null) {
                throw missingDirectory(c, dir);
            }
            final List<DirEntry> entries = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                "SELECT path, modified_at FROM directories WHERE parent_id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        final String p = rs.getString(1);
                        entries.add(new DirEntry(FsPaths.name(p), p, true, 0, 0, instant(rs, 2)));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                "SELECT path, size_bytes, version, modified_at FROM files WHERE dir_id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        final String p = rs.getString(1);
                        entries.add(new DirEntry(FsPaths.name(p), p, false, rs.getLong(2), rs.getLong(3),
                            instant(rs, 4)));
                    }
                }
            }
            entries.sort(Comparator.comparing(DirEntry::name));
            return entries;
        });
    }

    // ---------------------------------------------------------------------------------------------------------
    // Writes

    /**
     * Writes {@code bytes} at {@code offset}, creating the file if needed (its directory must exist) and extending
     * it if the write ends past its end; a gap before {@code offset} reads as zeros. The blocks the write touches and
     * the file's size and version change in one transaction.
     *
     * @param path   an absolute path
     * @param offset where the bytes go, from 0
     * @param bytes  the bytes
     * @return the file's metadata after the write
     * @throws FileStoreException {@code TOO_LARGE} (with the sizes), {@code NO_SUCH_DIRECTORY},
     *                            {@code NOT_A_DIRECTORY} or {@code IS_DIRECTORY}
     */
    public FileInfo write(final String path, final long offset, final byte[] bytes) {
        FsPaths.check(path);
        Objects.requireNonNull(bytes, "bytes");
        if (offset < 0) {
            throw new IllegalArgumentException("write " + path + ": negative offset " + offset);
        }
        if (offset > maxFileSizeBytes - bytes.length) {
            throw new FileStoreException(FileStoreException.Reason.TOO_LARGE, path, "write of " + bytes.length
                + " bytes at offset " + offset + " would make the file " + (offset + bytes.length)
                + " bytes, over the limit of " + maxFileSizeBytes + " bytes");
        }
        if (path.equals(FsPaths.ROOT)) {
            throw new FileStoreException(FileStoreException.Reason.IS_DIRECTORY, path, "is the root directory");
        }
        return db.inTransaction("write " + bytes.length + " bytes at offset " + offset + " to " + path, c -> {
            final Instant now = now();
            FileRow row = fileRow(c, path, lockRow);
            if (row == null) {
                lockParent(c, path);
                row = fileRow(c, path, lockRow);                 // created while we waited for the parent?
                if (row == null) {
                    row = createFile(c, path, now);
                }
            }
            final long fileId = row.id();
            final FileInfo info = row.info();
            final long newSize = Math.max(info.size(), offset + bytes.length);
            writeBlocks(c, fileId, info.size(), newSize, info.blockSize(), offset, bytes);
            try (PreparedStatement ps = c.prepareStatement(
                "UPDATE files SET size_bytes = ?, version = version + 1, modified_at = ? WHERE id = ?")) {
                ps.setLong(1, newSize);
                ps.setObject(2, timestamp(now));
                ps.setLong(3, fileId);
                ps.executeUpdate();
            }
            return new FileInfo(path, newSize, info.version() + 1, now, info.blockSize());
        });
    }

    /**
     * Creates a directory; its parent must exist.
     *
     * @param path an absolute path
     * @throws FileStoreException {@code ALREADY_EXISTS}, {@code NO_SUCH_DIRECTORY} or {@code NOT_A_DIRECTORY}
     */
    public void createDirectory(final String path) {
        FsPaths.check(path);
        db.inTransaction("create directory " + path, c -> {
            createDirectory(c, path, false);
            return null;
        });
    }

    /**
     * Creates a directory and any missing parents, in one transaction; does nothing if it exists.
     *
     * @param path an absolute path
     * @throws FileStoreException {@code NOT_A_DIRECTORY} when a file is in the way
     */
    public void createDirectories(final String path) {
        FsPaths.check(path);
        db.inTransaction("create directories " + path, c -> {
            int slash = 0;
            while (slash >= 0) {
                slash = path.indexOf('/', slash + 1);
                createDirectory(c, slash < 0 ? path : path.substring(0, slash), true);
            }
            return null;
        });
    }

    /**
     * Deletes a file, or an empty directory.
     *
     * @param path an absolute path
     * @throws FileStoreException {@code NO_SUCH_FILE} or {@code NOT_EMPTY}
     * @throws IllegalArgumentException for the root
     */
    public void delete(final String path) {
        FsPaths.check(path);
        if (path.equals(FsPaths.ROOT)) {
            throw new IllegalArgumentException("delete /: the root directory cannot be deleted");
        }
        db.inTransaction("delete " + path, c -> {
            if (lockParentOrNull(c, path) == null) {
                throw new FileStoreException(FileStoreException.Reason.NO_SUCH_FILE, path,
                    "no such file or directory (no directory " + FsPaths.parent(path) + ")");
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM files WHERE path = ?")) {
                ps.setString(1, path);
                if (ps.executeUpdate() == 1) {
                    return null;
                }
            }
            final Long dir = dirId(c, path, lockRow);
            if (dir == null) {
                throw new FileStoreException(FileStoreException.Reason.NO_SUCH_FILE, path, "no such file or directory");
            }
            if (hasEntries(c, dir)) {
                throw new FileStoreException(FileStoreException.Reason.NOT_EMPTY, path, "directory not empty");
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM directories WHERE id = ?")) {
                ps.setLong(1, dir);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /**
     * Renames a file or a directory (with everything under it). A file replaces a file at {@code to}; a directory
     * needs {@code to} to be free.
     *
     * @param from an absolute path
     * @param to   an absolute path whose parent directory exists
     * @throws FileStoreException {@code NO_SUCH_FILE}, {@code NO_SUCH_DIRECTORY}, {@code IS_DIRECTORY} or
     *                            {@code ALREADY_EXISTS}
     * @throws IllegalArgumentException for the root, for a directory moved under itself, or when a path under it
     *                                  would grow over {@value FsPaths#MAX_PATH_CHARS} characters
     */
    public void rename(final String from, final String to) {
        FsPaths.check(from);
        FsPaths.check(to);
        if (from.equals(FsPaths.ROOT) || to.equals(FsPaths.ROOT)) {
            throw new IllegalArgumentException("rename " + from + " to " + to + ": the root directory cannot move");
        }
        if (to.startsWith(from + "/")) {
            throw new IllegalArgumentException("rename " + from + " to " + to + ": a directory cannot move under itself");
        }
        db.inTransaction("rename " + from + " to " + to, c -> {
            renameIn(c, from, to);
            return null;
        });
    }

    // ---------------------------------------------------------------------------------------------------------

    private void renameIn(final Connection c, final String from, final String to) throws SQLException {
        final String fromParent = FsPaths.parent(from);
        final String toParent = FsPaths.parent(to);
        // Lock both parents in id order (one statement), the same order every transaction uses.
        boolean fromParentFound = false;
        Long toParentId = null;
        try (PreparedStatement ps = c.prepareStatement(
            "SELECT id, path FROM directories WHERE path IN (?, ?) ORDER BY id" + lockRow)) {
            ps.setString(1, fromParent);
            ps.setString(2, toParent);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    final String p = rs.getString(2);
                    fromParentFound |= p.equals(fromParent);
                    if (p.equals(toParent)) {
                        toParentId = rs.getLong(1);
                    }
                }
            }
        }
        if (!fromParentFound) {
            throw new FileStoreException(FileStoreException.Reason.NO_SUCH_FILE, from, "no such file or directory");
        }
        if (toParentId == null) {
            throw missingDirectory(c, toParent);
        }
        if (from.equals(to)) {
            if (fileId(c, from, "") == null && dirId(c, from, "") == null) {
                throw new FileStoreException(FileStoreException.Reason.NO_SUCH_FILE, from, "no such file or directory");
            }
            return;
        }
        final Instant now = now();
        final Long file = fileId(c, from, lockRow);
        if (file != null) {
            if (dirId(c, to, "") != null) {
                throw new FileStoreException(FileStoreException.Reason.IS_DIRECTORY, to,
                    "is a directory; cannot replace it with file " + from);
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM files WHERE path = ?")) {
                ps.setString(1, to);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE files SET path = ?, dir_id = ?, version = version"
                + " + 1, modified_at = ? WHERE id = ?")) {
                ps.setString(1, to);
                ps.setLong(2, toParentId);
                ps.setObject(3, timestamp(now));
                ps.setLong(4, file);
                ps.executeUpdate();
            }
            return;
        }
        final Long dir = dirId(c, from, lockRow);
        if (dir == null) {
            throw new FileStoreException(FileStoreException.Reason.NO_SUCH_FILE, from, "no such file or directory");
        }
        if (fileId(c, to, "") != null || dirId(c, to, "") != null) {
            throw new FileStoreException(FileStoreException.Reason.ALREADY_EXISTS, to,
                "already exists; cannot move directory " + from + " there");
        }
        final String oldPrefix = from + "/";
        final String newPrefix = to + "/";
        final long longest = Math.max(longestUnder(c, "directories", oldPrefix), longestUnder(c, "files", oldPrefix));
        if (longest - from.length() + to.length() > FsPaths.MAX_PATH_CHARS) {
            throw new IllegalArgumentException("rename " + from + " to " + to + ": a path under it would be "
                + (longest - from.length() + to.length()) + " characters, over the limit of " + FsPaths.MAX_PATH_CHARS);
        }
        try (PreparedStatement ps = c.prepareStatement(
            "UPDATE directories SET path = ?, parent_id = ?, modified_at = ? WHERE id = ?")) {
            ps.setString(1, to);
            ps.setLong(2, toParentId);
            ps.setObject(3, timestamp(now));
            ps.setLong(4, dir);
            ps.executeUpdate();
        }
        for (final String table : List.of("directories", "files")) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET path = CAST(? AS VARCHAR(1024))"
                + " || SUBSTRING(path, ?) WHERE LEFT(path, ?) = ?")) {
                ps.setString(1, newPrefix);
                ps.setInt(2, oldPrefix.length() + 1);
                ps.setInt(3, oldPrefix.length());
                ps.setString(4, oldPrefix);
                ps.executeUpdate();
            }
        }
    }

    private static long longestUnder(final Connection c, final String table, final String prefix) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
            "SELECT MAX(LENGTH(path)) FROM " + table + " WHERE LEFT(path, ?) = ?")) {
            ps.setInt(1, prefix.length());
            ps.setString(2, prefix);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /**
     * Replaces or extends the blocks that {@code [offset, offset + bytes.length)} touches. Only the first and the
     * last block may be partly covered; those are read and merged, the others are written whole.
     */
    private static void writeBlocks(final Connection c, final long fileId, final long oldSize, final long newSize,
                                    final int bs, final long offset, final byte[] bytes) throws SQLException {
        if (bytes.length == 0) {
            return;
        }
        final long end = offset + bytes.length;
        final int first = (int) (offset / bs);
        final int last = (int) ((end - 1) / bs);
        try (PreparedStatement select = c.prepareStatement(
                "SELECT data FROM blocks WHERE file_id = ? AND block_index = ?");
             PreparedStatement update = c.prepareStatement(
                "UPDATE blocks SET data = ? WHERE file_id = ? AND block_index = ?");
             PreparedStatement insert = c.prepareStatement(
                "INSERT INTO blocks (file_id, block_index, data) VALUES (?, ?, ?)")) {
            boolean inserts = false;
            for (int i = first; i <= last; i++) {
                final long blockStart = (long) i * bs;
                final int blockLen = (int) Math.min(bs, newSize - blockStart);
                final long from = Math.max(offset, blockStart);
                final long to = Math.min(end, blockStart + bs);
                final boolean mayExist = blockStart < oldSize;
                final boolean whole = from == blockStart && to == blockStart + blockLen;
                final byte[] data = new byte[blockLen];
                if (mayExist && !whole) {
                    select.setLong(1, fileId);
                    select.setInt(2, i);
                    try (ResultSet rs = select.executeQuery()) {
                        if (rs.next()) {
                            final byte[] old = rs.getBytes(1);
                            System.arraycopy(old, 0, data, 0, Math.min(old.length, blockLen));
                        }
                    }
                }
                System.arraycopy(bytes, (int) (from - offset), data, (int) (from - blockStart), (int) (to - from));
                if (mayExist) {
                    update.setBytes(1, data);
                    update.setLong(2, fileId);
                    update.setInt(3, i);
                    if (update.executeUpdate() == 1) {
                        continue;
                    }
                }
                insert.setLong(1, fileId);
                insert.setInt(2, i);
                insert.setBytes(3, data);
                insert.addBatch();
                inserts = true;
            }
            if (inserts) {
                insert.executeBatch();
            }
        }
    }

    /** Inserts an empty file; the caller holds the parent directory's lock. */
    private FileRow createFile(final Connection c, final String path, final Instant now) throws SQLException {
        if (dirId(c, path, "") != null) {
            throw new FileStoreException(FileStoreException.Reason.IS_DIRECTORY, path, "is a directory");
        }
        final long id = nextId(c);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO files (id, path, dir_id, size_bytes, block_size,"
            + " version, modified_at) VALUES (?, ?, (SELECT id FROM directories WHERE path = ?), 0, ?, 0, ?)")) {
            ps.setLong(1, id);
            ps.setString(2, path);
            ps.setString(3, FsPaths.parent(path));
            ps.setInt(4, blockSizeBytes);
            ps.setObject(5, timestamp(now));
            ps.executeUpdate();
        }
        return new FileRow(id, new FileInfo(path, 0, 0, now, blockSizeBytes));
    }

    private void createDirectory(final Connection c, final String path, final boolean existingIsFine)
        throws SQLException {
        if (path.equals(FsPaths.ROOT)) {
            if (existingIsFine) {
                return;
            }
            throw new FileStoreException(FileStoreException.Reason.ALREADY_EXISTS, path, "already exists");
        }
        final long parent = lockParent(c, path);
        if (dirId(c, path, "") != null) {
            if (existingIsFine) {
                return;
            }
            throw new FileStoreException(FileStoreException.Reason.ALREADY_EXISTS, path, "directory already exists");
        }
        if (fileId(c, path, "") != null) {
            throw new FileStoreException(existingIsFine ? FileStoreException.Reason.NOT_A_DIRECTORY
                : FileStoreException.Reason.ALREADY_EXISTS, path, "a file is in the way");
        }
        try (PreparedStatement ps = c.prepareStatement(
            "INSERT INTO directories (id, path, parent_id, modified_at) VALUES (?, ?, ?, ?)")) {
            ps.setLong(1, nextId(c));
            ps.setString(2, path);
            ps.setLong(3, parent);
            ps.setObject(4, timestamp(now()));
            ps.executeUpdate();
        }
    }

    private long lockParent(final Connection c, final String path) throws SQLException {
        final Long id = lockParentOrNull(c, path);
        if (id == null) {
            throw missingDirectory(c, FsPaths.parent(path));
        }
        return id;
    }

    private Long lockParentOrNull(final Connection c, final String path) throws SQLException {
        return dirId(c, FsPaths.parent(path), lockRow);
    }

    private static Long dirId(final Connection c, final String path, final String lock) throws SQLException {
        return idOf(c, "SELECT id FROM directories WHERE path = ?" + lock, path);
    }

    private static Long fileId(final Connection c, final String path, final String lock) throws SQLException {
        return idOf(c, "SELECT id FROM files WHERE path = ?" + lock, path);
    }

    private static Long idOf(final Connection c, final String sql, final String path) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, path);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    /** A file's row id and metadata. */
    private record FileRow(long id, FileInfo info) {
    }

    private static FileInfo fileInfo(final Connection c, final String path, final String lock) throws SQLException {
        final FileRow row = fileRow(c, path, lock);
        return row == null ? null : row.info();
    }

    private static FileRow fileRow(final Connection c, final String path, final String lock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
            "SELECT id, size_bytes, version, modified_at, block_size FROM files WHERE path = ?" + lock)) {
            ps.setString(1, path);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new FileRow(rs.getLong(1),
                    new FileInfo(path, rs.getLong(2), rs.getLong(3), instant(rs, 4), rs.getInt(5))) : null;
            }
        }
    }

    private static boolean hasEntries(final Connection c, final long dir) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM directories WHERE parent_id = ?"
            + " UNION ALL SELECT 1 FROM files WHERE dir_id = ?")) {
            ps.setLong(1, dir);
            ps.setLong(2, dir);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static FileStoreException missingFile(final Connection c, final String path) throws SQLException {
        if (dirId(c, path, "") != null) {
            return new FileStoreException(FileStoreException.Reason.IS_DIRECTORY, path, "is a directory");
        }
        return new FileStoreException(FileStoreException.Reason.NO_SUCH_FILE, path, "no such file");
    }

    private static FileStoreException missingDirectory(final Connection c, final String dir) throws SQLException {
        if (fileId(c, dir, "") != null) {
            return new FileStoreException(FileStoreException.Reason.NOT_A_DIRECTORY, dir, "is a file, not a directory");
        }
        return new FileStoreException(FileStoreException.Reason.NO_SUCH_DIRECTORY, dir, "no such directory");
    }

    private long nextId(final Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(db.nextValueSql(FS_IDS));
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new StoreException("sequence " + FS_IDS + " returned no value on " + db);
            }
            return rs.getLong(1);
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
