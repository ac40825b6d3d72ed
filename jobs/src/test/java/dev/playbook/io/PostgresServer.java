package dev.playbook.io;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A throwaway PostgreSQL server for the JDBC source tests: {@code initdb} into a temp folder, started on a free
 * loopback port with its socket in that folder, password authentication over TCP. Runs the server as the
 * {@code postgres} user when the tests run as root (initdb refuses root). The Debian package provides the
 * binaries ({@code .ci/run} installs it when missing).
 */
final class PostgresServer implements AutoCloseable {
  final int port;
  private final Path dir;
  private final Path bin;
  private final boolean asPostgresUser;

  private PostgresServer(Path bin, Path dir, int port, boolean asPostgresUser) {
    this.bin = bin;
    this.dir = dir;
    this.port = port;
    this.asPostgresUser = asPostgresUser;
  }

  /** The newest installed server's bin folder, or null. */
  static Path binaries() throws IOException {
    Path root = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(root)) {
      return null;
    }
    try (Stream<Path> versions = Files.list(root)) {
      return versions.map(v -> v.resolve("bin"))
          .filter(b -> Files.isExecutable(b.resolve("initdb")))
          .max(Comparator.comparing(b -> b.getParent().getFileName().toString(),
              Comparator.comparingInt((String v) -> v.length()).thenComparing(v -> v)))
          .orElse(null);
    }
  }

  /** Starts a server; throws IllegalStateException with the tools' output when it cannot. */
  static PostgresServer start() throws IOException, InterruptedException {
    Path bin = binaries();
    if (bin == null) {
      throw new IllegalStateException("no PostgreSQL server binaries under /usr/lib/postgresql/*/bin "
          + "(install the Debian package postgresql; .ci/run does)");
    }
    boolean root = "root".equals(System.getProperty("user.name"));
    Path dir = Files.createTempDirectory("pg-test");
    if (root) {
      exec(List.of("chown", "postgres", dir.toString()), false, 30);
    }
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    PostgresServer pg = new PostgresServer(bin, dir, port, root);
    pg.run(30, bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", "postgres",
        "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--no-sync");
    pg.run(60, bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l",
        dir.resolve("server.log").toString(), "-w", "-t", "45", "-o",
        "-k " + dir + " -p " + port + " -c listen_addresses=127.0.0.1 -c fsync=off", "start");
    return pg;
  }

  /**
   * A test class's server: started with {@code setupSql} run, or, when none can start, absent with the reason —
   * the class's tests are then skipped by {@link Shared#require()}; under {@code CI=true} it fails instead.
   */
  static Shared startForTests(String setupSql) {
    try {
      PostgresServer pg = start();
      pg.sql(setupSql);
      return new Shared(pg, null);
    } catch (Exception e) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new IllegalStateException("CI=true: the PostgreSQL test server must start: " + e.getMessage(), e);
      }
      return new Shared(null, e.getMessage());
    }
  }

  /** The server of {@link #startForTests}, or the reason there is none. */
  record Shared(PostgresServer server, String unavailable) implements AutoCloseable {
    /** The server; skips the calling test when there is none. */
    PostgresServer require() {
      Assumptions.assumeTrue(server != null, () -> "skipped: no PostgreSQL test server (" + unavailable + ")");
      return server;
    }

    @Override
    public void close() {
      if (server != null) {
        server.close();
      }
    }
  }

  /** Runs SQL as the superuser over the local socket (no password: setup only). */
  void sql(String script) throws IOException, InterruptedException {
    Path file = dir.resolve("setup-" + System.nanoTime() + ".sql");
    Files.writeString(file, script, StandardCharsets.UTF_8);
    file.toFile().setReadable(true, false);
    run(30, bin.resolve("psql").toString(), "-h", dir.toString(), "-p", String.valueOf(port), "-U", "postgres",
        "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-q", "-f", file.toString());
    Files.delete(file);
  }

  String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
  }

  @Override
  public void close() {
    try {
      run(30, bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop");
    } catch (Exception e) {
      System.err.println("could not stop the test PostgreSQL server: " + e.getMessage());
    }
  }

  private String run(int timeoutSeconds, String... command) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    if (asPostgresUser) {
      cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    cmd.addAll(List.of(command));
    return exec(cmd, true, timeoutSeconds);
  }

  private static String exec(List<String> cmd, boolean check, int timeoutSeconds)
      throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    boolean done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!done) {
      p.destroyForcibly();
      throw new IllegalStateException("timed out: " + String.join(" ", cmd) + "\n" + out);
    }
    if (check && p.exitValue() != 0) {
      throw new IllegalStateException("failed (" + p.exitValue() + "): " + String.join(" ", cmd) + "\n" + out);
    }
    return out;
  }
}
