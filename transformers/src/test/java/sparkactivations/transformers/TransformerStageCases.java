package sparkactivations.transformers;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import sparkactivations.testing.StageCase;
import sparkactivations.testing.StageCases;
import sparkactivations.testing.TestData;
import sparkactivations.testing.TestSpark;

/** The transformers module's stages, as the shared harness checks them. */
public final class TransformerStageCases implements StageCases {

  @Override
  public List<StageCase> cases() {
    Dataset<Row> data = TestData.mixed(TestSpark.session(), 60, 7L);
    return Arrays.asList(
        StageCase.of("ReLU on a sparse vector column",
            new ReLU().setInputCol("sparse").setOutputCol("out"), data),
        StageCase.of("LeakyReLU on a dense vector column",
            new LeakyReLU().setAlpha(0.2).setInputCol("dense").setOutputCol("out"), data),
        StageCase.of("ELU on an array column",
            new ELU().setAlpha(0.5).setInputCol("arr"), data),
        StageCase.of("Activation gelu on a double column",
            new Activation().setFunction("gelu").setInputCol("x").setOutputCol("out"), data),
        StageCase.of("Activation celu on every column type",
            new Activation().setFunction("celu").setAlpha(2.0)
                .setInputCols("dense", "sparse", "x", "f", "arr", "farr")
                .setOutputCols("o1", "o2", "o3", "o4", "o5", "o6"), data));
  }
}
