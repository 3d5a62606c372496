package dev.airtrace.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Picks free TCP ports on the loopback interface by binding {@code new ServerSocket(0)}.
 *
 * <p>A port is only known to be free at the moment it is picked; another process may take it before
 * the caller binds it. The window is short and services bind right after picking. Ports picked in
 * one call are distinct because all sockets stay open until every port is known. Thread-safe
 * (stateless).
 */
public final class FreePorts {
  private FreePorts() {}

  /** Returns one free loopback port. */
  public static int pick() {
    return pick(1)[0];
  }

  /**
   * Returns {@code count} distinct free loopback ports.
   *
   * @throws IllegalArgumentException if {@code count < 1}
   * @throws UncheckedIOException if the operating system refuses to bind
   */
  public static int[] pick(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be >= 1, was " + count);
    }
    List<ServerSocket> sockets = new ArrayList<>(count);
    try {
      int[] ports = new int[count];
      for (int i = 0; i < count; i++) {
        ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        sockets.add(socket);
        ports[i] = socket.getLocalPort();
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException("could not pick a free loopback port", e);
    } finally {
      for (ServerSocket socket : sockets) {
        try {
          socket.close();
        } catch (IOException ignored) {
          // closing a just-bound, never-accepted socket cannot lose anything
        }
      }
    }
  }
}
