package sparkactivations.transformers;

import sparkactivations.testing.AbstractStageHarnessTest;

/** Every stage of this module through the shared harness. */
class TransformersHarnessTest extends AbstractStageHarnessTest {
  @Override
  protected Class<?> mainAnchor() {
    return ReLU.class;
  }
}
