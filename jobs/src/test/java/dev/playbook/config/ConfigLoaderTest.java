package dev.playbook.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  private Path write(String name, String yaml) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, yaml);
    return file;
  }

  private static final String GOOD_ENV = """
      playbook: ../../conf/playbook.yaml
      sources:
        defaults: {format: parquet, path: data}
        tables:
          accounts: {format: jdbc, url: "jdbc:postgresql://localhost/crm", table: accounts, user: me, password_env: PW}
      output: {path: out, catalog_schema: null}
      spark: {master: "local[2]", conf: {spark.sql.shuffle.partitions: "4"}}
      """;

  @Test
  void shippedConfigsLoad() {
    Configs c = Configs.load(Path.of("conf/local.yaml"));
    assertEquals("local[2]", c.env().spark().master());
    assertTrue(c.configVersion().startsWith(c.playbook().version() + "@"), c.configVersion());
    assertEquals(EnvConfig.Maintenance.VACUUM_RETENTION_HOURS_DEFAULT, c.env().maintenance().vacuumRetentionHours());
  }

  @Test
  void goodEnvLoads() throws IOException {
    EnvConfig env = ConfigLoader.load(write("env.yaml", GOOD_ENV), EnvConfig.class, false);
    assertEquals("jdbc", env.sources().tables().get("accounts").format());
    assertEquals("PW", env.sources().tables().get("accounts").passwordEnv());
  }

  @Test
  void unknownKeyIsNamedWithFile() throws IOException {
    Path f = write("env.yaml", GOOD_ENV.replace("master:", "mastr:"));
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(f, EnvConfig.class, false));
    assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("unknown key 'spark.mastr'"), e.getMessage());
  }

  @Test
  void wrongTypeIsNamed() throws IOException {
    Path f = write("env.yaml", GOOD_ENV.replace("conf: {spark.sql.shuffle.partitions: \"4\"}", "conf: [1, 2]"));
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(f, EnvConfig.class, false));
    assertTrue(e.getMessage().contains("key 'spark.conf'") && e.getMessage().contains("wrong type"),
        e.getMessage());
  }

  @Test
  void outOfRangeValueIsNamed() throws IOException {
    Path f = write("env.yaml", GOOD_ENV.replace("format: parquet", "format: excel"));
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(f, EnvConfig.class, false));
    assertTrue(e.getMessage().contains("sources.defaults") && e.getMessage().contains("format must be one of"),
        e.getMessage());
  }

  @Test
  void unknownContractTableIsNamed() throws IOException {
    Path f = write("env.yaml", GOOD_ENV.replace("accounts: {format", "acounts: {format"));
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(f, EnvConfig.class, false));
    assertTrue(e.getMessage().contains("acounts"), e.getMessage());
  }

  @Test
  void missingKeyIsNamed() throws IOException {
    Path f = write("env.yaml", GOOD_ENV.replace("playbook: ../../conf/playbook.yaml\n", ""));
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(f, EnvConfig.class, false));
    assertTrue(e.getMessage().contains("playbook"), e.getMessage());
  }

  @Test
  void passwordInOptionsIsRefused() throws IOException {
    Path f = write("env.yaml", GOOD_ENV.replace("password_env: PW}", "password_env: PW, options: {password: hunter2}}"));
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(f, EnvConfig.class, false));
    assertTrue(e.getMessage().contains("password_env") && !e.getMessage().contains("hunter2"), e.getMessage());
  }

  @Test
  void quotedNumberIsAWrongType() throws IOException {
    Path f = write("pb.yaml", "version: 3\n");
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(f, PlaybookConfig.class));
    assertTrue(e.getMessage().contains("version"), e.getMessage());
  }

  @Test
  void vacuumRetentionDefaultsToDeltasSevenDaysWhenTheSectionIsAbsent() throws IOException {
    EnvConfig env = ConfigLoader.load(write("env.yaml", GOOD_ENV), EnvConfig.class, false);
    assertEquals(168, env.maintenance().vacuumRetentionHours());
  }

  @Test
  void vacuumRetentionBelowSevenDaysNeedsDeltasCheckOffInTheSameFile() throws IOException {
    Path f = write("env.yaml", GOOD_ENV + "maintenance: {vacuum_retention_hours: 24}\n");
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(f, EnvConfig.class, false));
    assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("maintenance.vacuum_retention_hours is 24")
        && e.getMessage().contains(EnvConfig.Maintenance.RETENTION_CHECK + ": \"false\""), e.getMessage());

    Path meant = write("meant.yaml", GOOD_ENV.replace("conf: {", "conf: {" + EnvConfig.Maintenance.RETENTION_CHECK
        + ": \"false\", ") + "maintenance: {vacuum_retention_hours: 24}\n");
    assertEquals(24, ConfigLoader.load(meant, EnvConfig.class, false).maintenance().vacuumRetentionHours(),
        "allowed when the file itself turns Delta's check off");
  }

  @Test
  void vacuumRetentionIsTypedAndItsSectionClosed() throws IOException {
    Path negative = write("neg.yaml", GOOD_ENV + "maintenance: {vacuum_retention_hours: -1}\n");
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(negative, EnvConfig.class, false));
    assertTrue(e.getMessage().contains("maintenance") && e.getMessage().contains("0 or more"), e.getMessage());
    Path days = write("days.yaml", GOOD_ENV + "maintenance: {vacuum_retention_hours: 7d}\n");
    e = assertThrows(ConfigException.class, () -> ConfigLoader.load(days, EnvConfig.class, false));
    assertTrue(e.getMessage().contains("maintenance.vacuum_retention_hours"), e.getMessage());
    Path unknown = write("unknown.yaml", GOOD_ENV + "maintenance: {retention_hours: 200}\n");
    e = assertThrows(ConfigException.class, () -> ConfigLoader.load(unknown, EnvConfig.class, false));
    assertTrue(e.getMessage().contains("unknown key 'maintenance.retention_hours'"), e.getMessage());
  }
}
