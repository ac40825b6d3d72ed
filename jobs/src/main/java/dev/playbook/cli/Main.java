package dev.playbook.cli;

import dev.playbook.config.ConfigException;
import dev.playbook.config.Configs;
import dev.playbook.io.RunMeter;
import dev.playbook.io.Sessions;
import dev.playbook.io.Warehouse;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;

/**
 * The one entry point: {@code playbook <job> [--as-of DATE | --from DATE --to DATE] [--conf FILE] [options]}.
 * The same class runs under {@code spark-submit --class dev.playbook.cli.Main} and from bin/playbook.
 */
public final class Main {
  public static final String DEFAULT_CONF = "conf/local.yaml";

  private Main() {}

  public static void main(String[] args) {
    int code = run(args, System.out, System.err);
    if (code != 0) {
      System.exit(code);
    }
  }

  /** Runs a command line and returns its exit code; never calls System.exit (tests use it). */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0 || isHelp(args[0])) {
      out.println(usage());
      return args.length == 0 ? ExitCode.USAGE.code : ExitCode.OK.code;
    }
    Job job = Jobs.byName(args[0]);
    if (job == null) {
      err.println("error: unknown job '" + args[0] + "'\n\n" + usage());
      return ExitCode.USAGE.code;
    }
    try {
      Map<String, String> opts = parse(job, List.of(args).subList(1, args.length));
      if (opts.containsKey("help")) {
        out.println(help(job));
        return ExitCode.OK.code;
      }
      Configs configs = Configs.load(Path.of(opts.getOrDefault("conf", defaultConf())));
      DateRange dates = job.needsDates() ? dates(opts) : null;
      SparkSession spark = Sessions.create("playbook-" + job.name(), configs.env().spark());
      Warehouse warehouse = configs.env().output().catalogSchema() != null
          ? Warehouse.inCatalog(spark, configs.env().output().catalogSchema())
          : Warehouse.atPath(spark, configs.envFile().toAbsolutePath().getParent()
              .resolve(configs.env().output().path()));
      RunMeter meter = RunMeter.of(spark.sparkContext());
      Console console = new Console(out, job.name());
      console.stage("as of " + (dates == null ? "-" : dates) + ", conf " + configs.envFile()
          + ", playbook " + configs.configVersion() + ", output " + warehouse.location(""));
      job.run(new JobContext(spark, configs, dates, opts, warehouse, console));
      console.print("cost: " + meter.read().describe());
      console.finish();
      return ExitCode.OK.code;
    } catch (UsageException e) {
      err.println("error: " + e.getMessage() + "\n\n" + help(job));
      return ExitCode.USAGE.code;
    } catch (ConfigException e) {
      err.println("config error: " + e.getMessage());
      return ExitCode.CONFIG.code;
    } catch (InputException e) {
      err.println("input refused: " + e.getMessage());
      return ExitCode.BAD_INPUT.code;
    } catch (Exception e) {   // Spark's SparkException is checked, yet thrown from unchecked-looking calls
      if (isConflict(e)) {
        err.println("write conflict: " + e.getMessage());
        return ExitCode.CONFLICT.code;
      }
      err.println("failed: " + e);
      e.printStackTrace(err);
      return ExitCode.FAILED.code;
    }
  }

  /** Whether a failure is a Delta write conflict with another run (exit code 5). */
  public static boolean isConflict(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof io.delta.exceptions.DeltaConcurrentModificationException) {
        return true;
      }
    }
    return false;
  }

  /** conf/local.yaml of the checkout bin/playbook runs from, or of the working directory. */
  static String defaultConf() {
    String fromLauncher = System.getenv("PLAYBOOK_DEFAULT_CONF");
    return fromLauncher != null ? fromLauncher : DEFAULT_CONF;
  }

  private static boolean isHelp(String arg) {
    return arg.equals("--help") || arg.equals("-h") || arg.equals("help");
  }

  static Map<String, String> parse(Job job, List<String> args) {
    Map<String, String> known = new LinkedHashMap<>(common(job));
    known.putAll(job.options());
    Map<String, String> opts = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (isHelp(arg)) {
        opts.put("help", "true");
        continue;
      }
      if (!arg.startsWith("--")) {
        throw new UsageException("unexpected argument '" + arg + "'");
      }
      String name = arg.substring(2);
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      if (!known.containsKey(name)) {
        throw new UsageException("unknown option --" + name + " for job " + job.name());
      }
      if (value == null && job.flags().contains(name)) {
        value = "true";
      }
      if (value == null) {
        if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
          throw new UsageException("option --" + name + " needs a value");
        }
        value = args.get(++i);
      }
      opts.put(name, value);
    }
    return opts;
  }

  static DateRange dates(Map<String, String> opts) {
    String asOf = opts.get("as-of");
    String from = opts.get("from");
    String to = opts.get("to");
    if (asOf != null && (from != null || to != null)) {
      throw new UsageException("give --as-of or --from/--to, not both");
    }
    if (asOf != null) {
      return DateRange.of(date("as-of", asOf));
    }
    if (from == null || to == null) {
      throw new UsageException("give --as-of DATE, or --from DATE and --to DATE");
    }
    return new DateRange(date("from", from), date("to", to));
  }

  static LocalDate date(String option, String value) {
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw new UsageException("--" + option + " must be a date like 2026-03-31, was '" + value + "'");
    }
  }

  private static Map<String, String> common(Job job) {
    Map<String, String> m = new LinkedHashMap<>();
    if (job.needsDates()) {
      m.put("as-of", "DATE   compute as of this date (YYYY-MM-DD), using only data dated on or before it");
      m.put("from", "DATE   first as-of date of a range (with --to); a range is computed in one pass");
      m.put("to", "DATE   last as-of date of a range (inclusive)");
    }
    m.put("conf", "FILE   environment config (default " + DEFAULT_CONF + "); it names the playbook config");
    return m;
  }

  static String usage() {
    String jobs = Jobs.all().stream()
        .map(j -> String.format("  %-12s %s", j.name(), j.summary()))
        .collect(Collectors.joining("\n"));
    String codes = java.util.Arrays.stream(ExitCode.values())
        .map(c -> String.format("  %d  %s", c.code, c.meaning))
        .collect(Collectors.joining("\n"));
    return "usage: playbook <job> [--as-of DATE | --from DATE --to DATE] [--conf FILE] [options]\n\n"
        + "jobs:\n" + jobs + "\n\n"
        + "playbook <job> --help shows the job's options.\n\nexit codes:\n" + codes;
  }

  static String help(Job job) {
    Map<String, String> all = new LinkedHashMap<>(common(job));
    all.putAll(job.options());
    String opts = all.entrySet().stream()
        .map(e -> String.format("  --%-14s %s", e.getKey(), e.getValue()))
        .collect(Collectors.joining("\n"));
    return "usage: playbook " + job.name() + (job.needsDates() ? " [--as-of DATE | --from DATE --to DATE]" : "")
        + " [--conf FILE] [options]\n\n" + job.summary() + "\n\noptions:\n" + opts;
  }
}
