package dev.playbook.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Airflow cannot be installed here, so the DAG is checked against the CLI instead: every job and every flag
 * it passes must exist, the file must be valid Python, and the scheduling promises (retries, one active run)
 * must be there.
 */
class AirflowDagTest {
  private static final Path DAG = Path.of("docs/airflow/expansion_playbook_dag.py");

  @Test
  void everyJobAndFlagTheDagUsesExistsInTheCli() throws IOException {
    String dag = Files.readString(DAG);
    List<String> jobs = new ArrayList<>();
    Matcher m = Pattern.compile("playbook_task\\(\"([a-z_]+)\"").matcher(dag);
    while (m.find()) {
      jobs.add(m.group(1));
    }
    assertEquals(List.of("ingest", "features", "queue", "measure", "recalibrate", "propensity", "maintain"), jobs,
        "the DAG should schedule the four daily jobs, recalibrate, propensity and maintain");
    Matcher args = Pattern.compile("application_args=\\[(.*?)]", Pattern.DOTALL).matcher(dag);
    assertTrue(args.find(), "application_args not found");
    List<String> flags = new ArrayList<>();
    Matcher f = Pattern.compile("\"--([a-z-]+)\"").matcher(args.group(1));
    while (f.find()) {
      flags.add(f.group(1));
    }
    assertEquals(List.of("as-of", "conf"), flags);
    for (String name : jobs) {
      Job job = Jobs.byName(name);
      assertNotNull(job, "the DAG runs job '" + name + "' which the CLI does not have");
      // The CLI's own parser must accept exactly what the DAG passes.
      Main.parse(job, List.of("--as-of", "2026-01-01", "--conf", "conf/local.yaml"));
    }
    assertTrue(dag.contains("java_class=MAIN_CLASS") && dag.contains("MAIN_CLASS = \"" + Main.class.getName() + "\""),
        "the DAG must submit " + Main.class.getName());
  }

  @Test
  void schedulingPromisesAreKept() throws IOException {
    String dag = Files.readString(DAG);
    assertTrue(dag.contains("\"{{ ds }}\""), "--as-of must be the logical date {{ ds }}");
    assertTrue(dag.contains("\"retries\": 2"), "tasks retry");
    assertEquals(2, dag.split("max_active_runs=1", -1).length - 1, "both DAGs allow one active run");
    assertTrue(dag.contains("ingest >> features >> queue >> measure"), "daily order");
    assertTrue(dag.contains("recalibrate >> propensity >> maintain"),
        "weekly: propensity after recalibrate (never in the daily run), upkeep after both, never alongside them");
  }

  @Test
  void dagIsValidPython() throws IOException, InterruptedException {
    Process p = new ProcessBuilder("python3", "-c",
        "import ast,sys; ast.parse(open(sys.argv[1]).read())", DAG.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.waitFor(), "python3 could not parse the DAG: " + out);
  }
}
