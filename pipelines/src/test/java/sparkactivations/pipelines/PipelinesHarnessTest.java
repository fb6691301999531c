package sparkactivations.pipelines;

import sparkactivations.testing.AbstractStageHarnessTest;

/** Every public stage of this module through the shared harness (it fails for one not registered). */
class PipelinesHarnessTest extends AbstractStageHarnessTest {
  @Override
  protected Class<?> mainAnchor() {
    return PerceptronPipelines.class;
  }
}
