package dev.jobregistry.handlers.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;

/** A read-only channel that counts the bytes read through it (the compressed bytes of a 7z). */
final class CountingChannel implements SeekableByteChannel {

    private final SeekableByteChannel delegate;
    private volatile long count;

    CountingChannel(SeekableByteChannel delegate) {
        this.delegate = delegate;
    }

    long count() {
        return count;
    }

    @Override
    public int read(ByteBuffer destination) throws IOException {
        int read = delegate.read(destination);
        if (read > 0) {
            count += read;
        }
        return read;
    }

    @Override
    public int write(ByteBuffer source) throws IOException {
        throw new java.nio.channels.NonWritableChannelException();
    }

    @Override
    public long position() throws IOException {
        return delegate.position();
    }

    @Override
    public SeekableByteChannel position(long position) throws IOException {
        delegate.position(position);
        return this;
    }

    @Override
    public long size() throws IOException {
        return delegate.size();
    }

    @Override
    public SeekableByteChannel truncate(long size) {
        throw new java.nio.channels.NonWritableChannelException();
    }

    @Override
    public boolean isOpen() {
        return delegate.isOpen();
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }
}
