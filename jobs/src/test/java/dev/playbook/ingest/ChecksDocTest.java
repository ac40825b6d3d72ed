package dev.playbook.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/INGEST.md lists exactly the checks the code declares. */
class ChecksDocTest {
  static final String BEGIN = "<!-- checks:begin -->\n";
  static final String END = "<!-- checks:end -->";

  @Test
  void theDocumentedChecksAreTheDeclaredOnes() throws IOException {
    String doc = Files.readString(Path.of("docs/INGEST.md"));
    String listed = doc.substring(doc.indexOf(BEGIN) + BEGIN.length(), doc.indexOf(END));
    assertEquals(ContractChecks.markdown(), listed,
        "docs/INGEST.md is out of date: paste ContractChecks.markdown() between the checks markers");
  }
}
