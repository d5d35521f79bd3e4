package dev.jobregistry.handlers.files;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;

/** Computes the CRC-32 of what passes through and, at the end, fails if it is not the expected one. */
final class CrcCheckingInputStream extends FilterInputStream {

    private final CRC32 crc = new CRC32();
    private final long expected;
    private final String name;

    CrcCheckingInputStream(InputStream in, long expected, String name) {
        super(in);
        this.expected = expected;
        this.name = name;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b < 0) {
            check();
        } else {
            crc.update(b);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int read = in.read(buffer, offset, length);
        if (read < 0) {
            check();
        } else {
            crc.update(buffer, offset, read);
        }
        return read;
    }

    @Override
    public long skip(long n) throws IOException {
        return 0; // every byte must pass through the CRC
    }

    private void check() throws IOException {
        if (crc.getValue() != expected) {
            throw new IOException("entry " + name + " is damaged: its content does not match its CRC-32");
        }
    }
}
