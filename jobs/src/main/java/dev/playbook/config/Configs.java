package dev.playbook.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Loads an environment config and the playbook config it names. */
public record Configs(Path envFile, EnvConfig env, Path playbookFile, PlaybookConfig playbook,
    String playbookFingerprint) {

  public static Configs load(Path envFile) {
    EnvConfig env = ConfigLoader.load(envFile, EnvConfig.class, false);
    Path playbookFile = EnvConfig.resolve(envFile, env.playbook());
    PlaybookConfig playbook = ConfigLoader.load(playbookFile, PlaybookConfig.class);
    return new Configs(envFile, env, playbookFile, playbook, fingerprint(playbookFile));
  }

  /** {@code version@hash}: the playbook's own version name and the first 10 hex digits of its SHA-256. */
  public String configVersion() {
    return playbook.version() + "@" + playbookFingerprint;
  }

  private static String fingerprint(Path file) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
      return HexFormat.of().formatHex(digest).substring(0, 10);
    } catch (IOException | NoSuchAlgorithmException e) {
      throw new ConfigException(file + ": cannot read: " + e.getMessage(), e);
    }
  }
}
