package org.rnn4j.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes UTF-8 strictly: a malformed byte sequence raises {@link Malformed}, which names the file, the byte offset
 * and the line where it is, instead of becoming U+FFFD. A byte order mark at the start is skipped. Streams: it
 * holds 64 KiB of bytes and 8 Ki characters whatever the input's size.
 */
final class Utf8Reader extends Reader {
    /** Invalid UTF-8: the message names the file, the byte offset (from 0) and the line (from 1). */
    static final class Malformed extends IOException {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message);
        }
    }

    private final InputStream in;
    private final String name;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteBuffer bytes = ByteBuffer.allocate(1 << 16);
    private final CharBuffer chars = CharBuffer.allocate(1 << 13);
    /** Bytes of the input before {@code bytes}' first byte. */
    private long consumed;
    private long newlines;
    private boolean eof;
    private boolean flushed;
    private boolean started;

    /**
     * @param in the bytes; closed with this reader
     * @param name the file's name, for messages
     */
    Utf8Reader(InputStream in, String name) {
        this.in = in;
        this.name = name;
        bytes.limit(0);
        chars.limit(0);
    }

    /** @return the bytes read from the input so far (including those buffered but not yet decoded) */
    long bytesRead() {
        return consumed + bytes.limit();
    }

    @Override
    public int read(char[] buf, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!chars.hasRemaining() && !decodeMore()) {
            return -1;
        }
        int n = Math.min(len, chars.remaining());
        chars.get(buf, off, n);
        return n;
    }

    /** Refills {@code chars}; false at the end of the input. */
    private boolean decodeMore() throws IOException {
        if (flushed) {
            return false;
        }
        chars.clear();
        while (true) {
            int start = chars.position();
            CoderResult r = decoder.decode(bytes, chars, eof);
            count(start, chars.position());
            if (r.isError()) {
                throw new Malformed(name + " is not valid UTF-8: byte offset " + (consumed + bytes.position())
                        + " (line " + (newlines + 1) + ") holds " + describe(r.length())
                        + "; save the file as UTF-8");
            }
            if (r.isOverflow()) {
                break;
            }
            if (eof) {
                decoder.flush(chars);
                flushed = true;
                break;
            }
            if (chars.position() > 0) {
                break;
            }
            fill();
        }
        chars.flip();
        if (!started && chars.hasRemaining()) {
            started = true;
            if (chars.get(0) == '\uFEFF') {
                chars.get();
            }
        }
        return chars.hasRemaining() || !flushed && decodeMore();
    }

    private void fill() throws IOException {
        consumed += bytes.position();
        bytes.compact();
        int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
        if (n < 0) {
            eof = true;
        } else {
            bytes.position(bytes.position() + n);
        }
        bytes.flip();
    }

    private void count(int from, int to) {
        for (int i = from; i < to; i++) {
            if (chars.get(i) == '\n') {
                newlines++;
            }
        }
    }

    private String describe(int length) {
        StringBuilder b = new StringBuilder(length == 1 ? "the byte" : "the bytes");
        for (int i = 0; i < length && bytes.position() + i < bytes.limit(); i++) {
            b.append(String.format(" 0x%02X", bytes.get(bytes.position() + i) & 0xFF));
        }
        return b.toString();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
