package sparkactivations.transformers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import sparkactivations.testing.AbstractStageHarnessTest;

/** The harness's stage scan sees this module's stages, so its registration check can fail. */
class HarnessCoverageTest {
  @Test
  void scanFindsEveryStage() throws Exception {
    assertEquals(new TreeSet<>(Arrays.asList(Activation.class.getName(), ELU.class.getName(),
        LeakyReLU.class.getName(), ReLU.class.getName())), AbstractStageHarnessTest.stageClasses(ReLU.class));
  }
}
