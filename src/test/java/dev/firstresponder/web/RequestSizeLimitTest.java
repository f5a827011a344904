package dev.firstresponder.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firstresponder.testing.TestApp;
import dev.firstresponder.testing.TestApps;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Oversized bodies are refused with 413 before any endpoint (Bolt above all) reads them. */
class RequestSizeLimitTest {
  static final int MB = 1024 * 1024;
  static final int FIVE_MB = 5 * MB;
  static final byte[] PIECE = filled(64 * 1024);

  @RegisterExtension final TestApps apps = new TestApps();
  TestApp t;

  @BeforeEach
  void start() throws Exception {
    t = apps.start();
  }

  @Test
  void aBurstOfMultiMegabyteUnsignedPostsIsRefusedAndTheHeapStaysFlat() throws Exception {
    t.get("/healthz");
    long heapBefore = usedHeapAfterGc();
    long allocatedBefore = allocatedByServerThreads();
    List<String> statuses = new ArrayList<>();
    for (int i = 0; i < 50; i++) statuses.add(post(false));
    long allocatedDeclared = allocatedByServerThreads() - allocatedBefore;
    for (int i = 0; i < 10; i++) statuses.add(post(true));
    long allocatedChunked = allocatedByServerThreads() - allocatedBefore - allocatedDeclared;
    long heapGrowth = usedHeapAfterGc() - heapBefore;

    System.out.printf(
        "413 burst: server threads allocated %d KB for 50 declared, %d KB for 10 chunked;"
            + " used heap after GC %d KB before, growth %d KB%n",
        allocatedDeclared / 1024, allocatedChunked / 1024, heapBefore / 1024, heapGrowth / 1024);
    assertThat(statuses).hasSize(60).containsOnly("HTTP/1.1 413 Payload Too Large");
    assertThat(heapGrowth).isLessThan(32L * MB);
    // Bodies declared too large are never read at all; chunked ones at most up to the limit.
    assertThat(allocatedDeclared).isLessThan(16L * MB);
    assertThat(allocatedChunked).isLessThan(10 * 3L * MB);
  }

  /** An unsigned POST of 5 MB, declared or chunked, streamed while the answer is read. */
  private String post(boolean chunked) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", t.app.port())) {
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      String head =
          "POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\n"
              + "Content-Type: application/x-www-form-urlencoded\r\n"
              + "X-Slack-Request-Timestamp: "
              + System.currentTimeMillis() / 1000
              + "\r\nX-Slack-Signature: v0=forged\r\n"
              + (chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + FIVE_MB + "\r\n")
              + "\r\n";
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      Thread writer =
          new Thread(
              () -> {
                try {
                  for (int sent = 0; sent < FIVE_MB; sent += PIECE.length) {
                    if (chunked)
                      out.write(
                          (Integer.toHexString(PIECE.length) + "\r\n")
                              .getBytes(StandardCharsets.US_ASCII));
                    out.write(PIECE);
                    if (chunked) out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                  }
                  if (chunked) out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                  out.flush();
                } catch (IOException refused) {
                  // the server stopped reading: what it should do
                }
              });
      writer.start();
      String status =
          new BufferedReader(
                  new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
              .readLine();
      writer.join(20_000);
      return status;
    }
  }

  private static long usedHeapAfterGc() {
    for (int i = 0; i < 3; i++) System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** Bytes allocated so far by Jetty's request threads (named "http-…"). */
  private static long allocatedByServerThreads() {
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long sum = 0;
    for (Thread th : Thread.getAllStackTraces().keySet()) {
      if (th.getName().startsWith("http-")) sum += threads.getThreadAllocatedBytes(th.getId());
    }
    return sum;
  }

  private static byte[] filled(int n) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) 'a');
    return b;
  }
}
