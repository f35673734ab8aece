package io.satellite.packagemgr;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * An R source package as {@code R CMD build} writes it: a gzipped tar holding
 * {@code <package>/DESCRIPTION} and the rest. Reads the DESCRIPTION without unpacking the
 * archive (ustar and GNU long names; entries are skipped, not extracted).
 */
public final class SourceTarball {
    private static final int BLOCK = 512;
    /** A DESCRIPTION larger than this is not a DESCRIPTION. */
    private static final long MAX_DESCRIPTION = 1 << 20;

    private SourceTarball() {
    }

    /** The package's DESCRIPTION. */
    public static PackageDescription describe(Path tarball) throws IOException {
        try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(tarball)))) {
            return describe(in, tarball.getFileName().toString());
        } catch (java.util.zip.ZipException e) {
            throw new IOException(tarball.getFileName() + " is not an R source package (not gzip-compressed: "
                    + e.getMessage() + ")", e);
        }
    }

    static PackageDescription describe(InputStream tar, String what) throws IOException {
        byte[] header = new byte[BLOCK];
        String longName = null;
        while (readFully(tar, header)) {
            if (isZero(header)) {
                break;
            }
            String name = longName != null ? longName : entryName(header);
            longName = null;
            long size = octal(header, 124, 12);
            char type = (char) header[156];
            if (type == 'L') {
                longName = new String(readBytes(tar, size, what), StandardCharsets.UTF_8).replace("\0", "");
                skip(tar, pad(size) - size);
                continue;
            }
            String[] parts = name.split("/");
            if ((type == '0' || type == 0) && parts.length == 2 && parts[1].equals("DESCRIPTION")) {
                if (size > MAX_DESCRIPTION) {
                    throw new IOException(what + ": its DESCRIPTION is " + size + " bytes, too large");
                }
                String text = new String(readBytes(tar, size, what), StandardCharsets.UTF_8);
                try {
                    return PackageDescription.parse(text);
                } catch (IllegalArgumentException e) {
                    throw new IOException(what + ": its DESCRIPTION cannot be read: " + e.getMessage(), e);
                }
            }
            skip(tar, pad(size));
        }
        throw new IOException(what + " is not an R source package: it has no <package>/DESCRIPTION");
    }

    private static String entryName(byte[] h) {
        String name = text(h, 0, 100);
        String prefix = h[257] == 'u' && h[258] == 's' ? text(h, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static String text(byte[] h, int off, int len) {
        int end = off;
        while (end < off + len && h[end] != 0) {
            end++;
        }
        return new String(h, off, end - off, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] h, int off, int len) throws IOException {
        String s = text(h, off, len).trim();
        if (s.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(s, 8);
        } catch (NumberFormatException e) {
            throw new IOException("not a tar archive (entry size '" + s + "')");
        }
    }

    private static long pad(long size) {
        return (size + BLOCK - 1) / BLOCK * BLOCK;
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean readFully(InputStream in, byte[] b) throws IOException {
        int n = in.readNBytes(b, 0, b.length);
        if (n == 0) {
            return false;
        }
        if (n < b.length) {
            throw new IOException("truncated tar archive");
        }
        return true;
    }

    private static byte[] readBytes(InputStream in, long size, String what) throws IOException {
        if (size > MAX_DESCRIPTION) {
            throw new IOException(what + ": a tar entry of " + size + " bytes where a name or DESCRIPTION was expected");
        }
        byte[] b = in.readNBytes((int) size);
        if (b.length < size) {
            throw new IOException(what + ": truncated tar archive");
        }
        return b;
    }

    private static void skip(InputStream in, long n) throws IOException {
        long left = n;
        while (left > 0) {
            long s = in.skip(left);
            if (s <= 0) {
                if (in.read() < 0) {
                    throw new IOException("truncated tar archive");
                }
                s = 1;
            }
            left -= s;
        }
    }
}
