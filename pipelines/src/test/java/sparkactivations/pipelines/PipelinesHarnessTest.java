package sparkactivations.pipelines;

import sparkactivations.testing.AbstractStageHarnessTest;

/** Every stage of this module through the shared harness. */
class PipelinesHarnessTest extends AbstractStageHarnessTest {
  @Override
  protected Class<?> mainAnchor() {
    return FeedForwardClassifier.class;
  }
}
