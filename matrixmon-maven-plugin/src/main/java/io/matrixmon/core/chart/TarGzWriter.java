package io.matrixmon.core.chart;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * The part of POSIX tar a chart archive needs (regular files with fixed metadata: ustar headers,
 * a PAX record for a path ustar cannot hold), gzip-compressed with a header that carries no time.
 * Everything written is a function of the names, contents and time given.
 */
final class TarGzWriter implements Closeable {

    private static final int BLOCK = 512;
    private static final int NAME = 100;
    private static final int PREFIX = 155;
    private static final int MODE = 0100644;
    /** gzip: magic, deflate, no flags, no time, best compression, Unix. */
    private static final byte[] GZIP_HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 2, 3};
    private static final byte[] PAX_NAME = "././@PaxHeader".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NO_PREFIX = new byte[0];

    private final OutputStream file;
    private final CRC32 crc = new CRC32();
    private final Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
    private final DeflaterOutputStream deflated;
    private long uncompressed;

    TarGzWriter(OutputStream file) throws IOException {
        this.file = file;
        file.write(GZIP_HEADER);
        this.deflated = new DeflaterOutputStream(file, deflater, 64 * 1024);
    }

    /** One regular file, mode 0644, owned by 0:0 with no user or group name. */
    void add(String path, byte[] content, long mtimeSeconds) throws IOException {
        byte[] name = path.getBytes(StandardCharsets.UTF_8);
        int split = ustarSplit(name);
        if (split < 0) {
            byte[] record = paxPath(path);
            write(header(PAX_NAME, NO_PREFIX, record.length, mtimeSeconds, (byte) 'x'));
            writePadded(record);
            // readers take the path from the record; the header keeps what fits
            write(header(name, NO_PREFIX, content.length, mtimeSeconds, (byte) '0'));
        } else {
            write(header(Arrays.copyOfRange(name, split == 0 ? 0 : split + 1, name.length),
                    Arrays.copyOf(name, split), content.length, mtimeSeconds, (byte) '0'));
        }
        writePadded(content);
    }

    /** Ends the archive (two zero blocks) and the gzip stream; closes the file. */
    @Override
    public void close() throws IOException {
        try (file) {
            write(new byte[2 * BLOCK]);
            deflated.finish();
            deflater.end();
            long checksum = crc.getValue();
            file.write(new byte[] {(byte) checksum, (byte) (checksum >> 8), (byte) (checksum >> 16),
                    (byte) (checksum >> 24), (byte) uncompressed, (byte) (uncompressed >> 8),
                    (byte) (uncompressed >> 16), (byte) (uncompressed >> 24)});
        }
    }

    /**
     * Where ustar's prefix field ends: 0 when the name fits alone, the index of the '/' that
     * splits it into prefix and name, or -1 when no split fits (then a PAX record holds it).
     */
    private static int ustarSplit(byte[] name) {
        if (name.length <= NAME) {
            return 0;
        }
        for (int slash = Math.min(name.length - 2, PREFIX); slash > 0; slash--) {
            if (name[slash] == '/' && name.length - slash - 1 <= NAME) {
                return slash;
            }
        }
        return -1;
    }

    /** "<length> path=<path>\n", where the length counts the whole record, its own digits included. */
    private static byte[] paxPath(String path) {
        String body = " path=" + path + "\n";
        int bodyLength = body.getBytes(StandardCharsets.UTF_8).length;
        int length = bodyLength + Integer.toString(bodyLength).length();
        if (Integer.toString(length).length() != Integer.toString(bodyLength).length()) {
            length++;
        }
        return (length + body).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] header(byte[] name, byte[] prefix, long size, long mtimeSeconds, byte type)
            throws IOException {
        if (size >= 1L << 33 || mtimeSeconds < 0 || mtimeSeconds >= 1L << 33) {
            throw new IOException("A chart file of " + size + " bytes or a time of " + mtimeSeconds
                    + " s does not fit a tar header");
        }
        byte[] header = new byte[BLOCK];
        System.arraycopy(name, 0, header, 0, Math.min(name.length, NAME));
        octal(header, 100, 8, MODE);
        octal(header, 108, 8, 0);
        octal(header, 116, 8, 0);
        octal(header, 124, 12, size);
        octal(header, 136, 12, mtimeSeconds);
        header[156] = type;
        System.arraycopy("ustar\u000000".getBytes(StandardCharsets.US_ASCII), 0, header, 257, 8);
        octal(header, 329, 8, 0);
        octal(header, 337, 8, 0);
        System.arraycopy(prefix, 0, header, 345, prefix.length);
        Arrays.fill(header, 148, 156, (byte) ' ');
        int checksum = 0;
        for (byte b : header) {
            checksum += b & 0xff;
        }
        octal(header, 148, 7, checksum);
        return header;
    }

    /** Zero-padded octal digits, then a NUL, filling {@code width} bytes at {@code offset}. */
    private static void octal(byte[] header, int offset, int width, long value) {
        String digits = Long.toOctalString(value);
        String padded = "0".repeat(width - 1 - digits.length()) + digits;
        System.arraycopy(padded.getBytes(StandardCharsets.US_ASCII), 0, header, offset, width - 1);
        header[offset + width - 1] = 0;
    }

    private void writePadded(byte[] bytes) throws IOException {
        write(bytes);
        int rest = bytes.length % BLOCK;
        if (rest != 0) {
            write(new byte[BLOCK - rest]);
        }
    }

    private void write(byte[] bytes) throws IOException {
        deflated.write(bytes);
        crc.update(bytes);
        uncompressed += bytes.length;
    }
}
