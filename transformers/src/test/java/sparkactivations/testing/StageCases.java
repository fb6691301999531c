package sparkactivations.testing;

import java.util.List;

/**
 * What a module's tests register with the shared harness: implementations are listed in the
 * test resource {@code META-INF/services/sparkactivations.testing.StageCases}.
 */
public interface StageCases {
  List<StageCase> cases();
}
