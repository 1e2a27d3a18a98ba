package dev.lepus.store.fs;

/**
 * The rules for file-store paths: absolute, {@code /}-separated, no empty, {@code .} or {@code ..} components, no
 * NUL, at most {@value #MAX_PATH_CHARS} characters. {@code /} is the root directory.
 *
 * <p>Thread contract: stateless, threadsafe.
 */
public final class FsPaths {

    /** The longest path, in characters (the width of the {@code path} columns). */
    public static final int MAX_PATH_CHARS = 1024;

    /** The root directory. */
    public static final String ROOT = "/";

    private FsPaths() {
    }

    /**
     * @param path a path
     * @return {@code path}, when it follows the rules
     * @throws IllegalArgumentException naming the path and the rule it breaks
     */
    public static String check(final String path) {
        if (path == null) {
            throw new IllegalArgumentException("path is null");
        }
        if (path.isEmpty()) {
            throw new IllegalArgumentException("path \"\": empty; paths are absolute, like /a/b");
        }
        if (path.length() > MAX_PATH_CHARS) {
            throw new IllegalArgumentException("path " + shorten(path) + ": " + path.length()
                + " characters, over the limit of " + MAX_PATH_CHARS);
        }
        if (path.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("path " + shorten(path.replace("\0", "\\0"))
                + ": contains NUL at index " + path.indexOf('\0'));
        }
        if (path.charAt(0) != '/') {
            throw new IllegalArgumentException("path \"" + shorten(path) + "\": relative; paths start with /");
        }
        if (path.length() == 1) {
            return path;
        }
        int start = 1;
        while (start <= path.length()) {
            int end = path.indexOf('/', start);
            if (end < 0) {
                end = path.length();
            }
            final String part = path.substring(start, end);
            if (part.isEmpty()) {
                throw new IllegalArgumentException("path \"" + shorten(path) + "\": empty component at index "
                    + start + (end == path.length() ? " (trailing /)" : " (//)"));
            }
            if (part.equals(".") || part.equals("..")) {
                throw new IllegalArgumentException("path \"" + shorten(path) + "\": component \"" + part
                    + "\" at index " + start + "; . and .. are not allowed");
            }
            start = end + 1;
        }
        return path;
    }

    /**
     * @param path a checked path other than the root
     * @return its parent directory
     */
    public static String parent(final String path) {
        final int slash = path.lastIndexOf('/');
        return slash == 0 ? ROOT : path.substring(0, slash);
    }

    /**
     * @param path a checked path other than the root
     * @return its last component
     */
    public static String name(final String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static String shorten(final String path) {
        return path.length() <= 80 ? path : path.substring(0, 80) + "...";
    }
}
