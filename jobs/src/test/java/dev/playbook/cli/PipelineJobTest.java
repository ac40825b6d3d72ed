package dev.playbook.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The pipeline's hand-over to its steps, with recording steps in place of the real jobs (no Spark). */
class PipelineJobTest {
  private final List<String> ran = new ArrayList<>();
  private final Map<String, Map<String, String>> received = new LinkedHashMap<>();

  /** A step that declares {@code options} and records what it was given. */
  private Job step(String name, Map<String, String> options, Set<String> flags, boolean fails) {
    return new Job() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String summary() {
        return "recording step";
      }

      @Override
      public Map<String, String> options() {
        return options;
      }

      @Override
      public Set<String> flags() {
        return flags;
      }

      @Override
      public void run(JobContext ctx) {
        ran.add(name);
        received.put(name, ctx.options());
        if (fails) {
          throw new InputException(name + " failed");
        }
      }
    };
  }

  private PipelineJob pipeline(boolean featuresFails) {
    Map<String, Job> steps = Map.of(
        "ingest", step("ingest", Map.of("allow-shrink", "help"), Set.of("allow-shrink"), false),
        "features", step("features", Map.of("signals-only", "help"), Set.of(), featuresFails),
        "measure", step("measure", Map.of(), Set.of(), false));   // queue: not in this build
    return new PipelineJob(steps::get);
  }

  private JobContext context(Map<String, String> options, ByteArrayOutputStream out) {
    return new JobContext(null, null, null, options, null,
        new Console(new PrintStream(out, true, StandardCharsets.UTF_8), "pipeline"));
  }

  @Test
  void eachStepGetsOnlyTheOptionsItDeclares() {
    PipelineJob p = pipeline(false);
    assertEquals(Set.of("allow-shrink", "signals-only"), p.options().keySet(), "the steps' options, together");
    assertEquals(Set.of("allow-shrink"), p.flags());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    p.run(context(Map.of("allow-shrink", "true", "signals-only", "true"), out));

    assertEquals(List.of("ingest", "features", "measure"), ran, "in order; the missing step is skipped");
    assertEquals(Map.of("allow-shrink", "true"), received.get("ingest"));
    assertEquals(Map.of("signals-only", "true"), received.get("features"));
    assertEquals(Map.of(), received.get("measure"));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("step queue is not available in this build; skipped"),
        out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aFailingStepStopsThePipeline() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    InputException e = assertThrows(InputException.class,
        () -> pipeline(true).run(context(Map.of(), out)));
    assertEquals("features failed", e.getMessage());
    assertEquals(List.of("ingest", "features"), ran, "measure does not run after a failed step");
  }
}
