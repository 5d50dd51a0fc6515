package dev.headspace.sse.benchmarks;

import java.net.InetAddress;
import java.nio.channels.SocketChannel;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One client of the reconnect storm: its socket, its place in the response it reads, and what it has received of the
 * witness events, counted as EventSource would see them (the last id is kept across reconnects, a block the cut left
 * unfinished is dropped). Confined to the storm's selector thread; the fields are read for the report.
 */
final class StormClient {

    private static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+)");

    final InetAddress from;
    SocketChannel channel;
    boolean inHead;
    int status;
    long retryMillis = -1;
    long retryAtCut;
    String lastId = "";
    int expected;
    int duplicated;
    int lost;
    int resyncs;
    int refused;
    long dueNanos;
    long reconnectedNanos = -1;
    private final StringBuilder line = new StringBuilder();
    private String blockId;
    private String blockType;
    private String blockData;

    StormClient(InetAddress from) {
        this.from = from;
    }

    /** A new connection, its request not yet sent: the response starts again, and an unfinished block is dropped. */
    void reconnecting(SocketChannel next) {
        channel = next;
        inHead = true;
        status = 0;
        line.setLength(0);
        blockId = null;
        blockType = null;
        blockData = null;
    }

    /**
     * Parses what the socket gave, line by line.
     *
     * @param cut when the streams were cut (System.nanoTime), or 0 before: a 200 after it is a reconnect
     */
    void received(byte[] bytes, int n, long cut) {
        for (int i = 0; i < n; i++) {
            char c = (char) (bytes[i] & 0xff);
            if (c == '\n') {
                line(cut);
                line.setLength(0);
            } else if (c != '\r') {
                line.append(c);
            }
        }
    }

    private void line(long cut) {
        if (inHead) {
            if (line.length() == 0) {
                inHead = false;
                if (status == 200 && cut != 0 && reconnectedNanos < 0) {
                    reconnectedNanos = System.nanoTime();
                }
            } else if (line.indexOf("HTTP/1.") == 0) {
                status = Integer.parseInt(line.substring(9, 12));
            }
            return;
        }
        // chunk-size lines and the blank line after each chunk fall through as lines no field starts
        if (line.length() == 0) {
            endOfBlock();
        } else if (line.indexOf("id: ") == 0) {
            blockId = line.substring(4);
        } else if (line.indexOf("event: ") == 0) {
            blockType = line.substring(7);
        } else if (line.indexOf("data: ") == 0) {
            blockData = line.substring(6);
        } else if (line.indexOf("retry: ") == 0) {
            retryMillis = Long.parseLong(line.substring(7));
        }
    }

    private void endOfBlock() {
        if (blockId != null) {
            lastId = blockId;
        }
        if (Storm.TYPE.equals(blockType) && blockData != null) {
            Matcher seq = SEQ.matcher(blockData);
            if (seq.find()) {
                int got = Integer.parseInt(seq.group(1));
                if (got < expected) {
                    duplicated++;
                } else {
                    lost += got - expected;
                    expected = got + 1;
                }
            }
        } else if ("resync".equals(blockType)) {
            resyncs++;
        }
        blockId = null;
        blockType = null;
        blockData = null;
    }
}
