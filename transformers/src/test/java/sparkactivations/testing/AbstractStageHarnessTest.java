package sparkactivations.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * The checks every stage goes through. A module's harness test extends this and names a class
 * of its main code; the harness then finds every concrete stage of that module and fails when
 * one has no registered {@link StageCase} (an estimator's model counts as covered by the
 * estimator's case). Per case: params, copy, save/load, pipeline save/load, batch against
 * streaming, one partition against many.
 */
public abstract class AbstractStageHarnessTest {

  /** Any class of the module's main code; its location is where the module's stages are found. */
  protected abstract Class<?> mainAnchor();

  private List<StageCase> moduleCases() {
    Path root = codeRoot(mainAnchor());
    List<StageCase> cases = new ArrayList<>();
    for (StageCases provider : ServiceLoader.load(StageCases.class)) {
      for (StageCase c : provider.cases()) {
        if (codeRoot(c.stage.getClass()).equals(root)) {
          cases.add(c);
        }
      }
    }
    return cases;
  }

  @TestFactory
  Stream<DynamicNode> everyStageOfTheModuleIsRegistered() {
    return Stream.of(dynamicTest("registered", () -> {
      Set<String> covered = new TreeSet<>();
      for (StageCase c : moduleCases()) {
        covered.add(c.stage.getClass().getName());
        if (c.stage instanceof Estimator) {
          covered.add(fitted(c).getClass().getName());
        }
      }
      Set<String> missing = new TreeSet<>(stageClasses(mainAnchor()));
      missing.removeAll(covered);
      assertTrue(missing.isEmpty(), "stages without a StageCase registered with the harness: " + missing);
    }));
  }

  @TestFactory
  Stream<DynamicNode> harness() {
    return moduleCases().stream().map(c -> dynamicContainer(c.name, Stream.of(
        dynamicTest("params are sorted, owned and documented", () -> checkParams(c.stage)),
        dynamicTest("copy is complete", () -> checkCopy(c.stage)),
        dynamicTest("save and load", () -> checkSaveLoad(c)),
        dynamicTest("pipeline save and load", () -> checkPipelineRoundTrip(c)),
        dynamicTest("streaming gives the batch result", () -> checkStreaming(c)),
        dynamicTest("partitioning does not change the result", () -> checkPartitioning(c)))));
  }

  // ---------------------------------------------------------------------------------------------

  private static Transformer fitted(StageCase c) {
    if (c.stage instanceof Estimator) {
      Model<?> model = (Model<?>) ((Estimator<?>) c.stage).fit(c.data);
      assertTrue(model.hasParent(), "a fitted model has its estimator as parent");
      assertEquals(c.stage.uid(), model.parent().uid());
      checkParams(model);
      checkCopy(model);
      return model;
    }
    return (Transformer) c.stage;
  }

  static void checkParams(Params stage) {
    Param<?>[] params = stage.params();
    List<String> names = Arrays.stream(params).map(Param::name).collect(Collectors.toList());
    List<String> sorted = new ArrayList<>(names);
    sorted.sort(null);
    assertEquals(sorted, names, "params() is sorted by name");
    assertEquals(new TreeSet<>(names).size(), names.size(), "param names are unique");
    for (Param<?> p : params) {
      assertEquals(stage.uid(), p.parent(), p.name() + " belongs to the stage");
      assertFalse(p.doc().isEmpty(), p.name() + " has a doc");
      assertTrue(stage.getParam(p.name()) == p, p.name() + " is found by name");
    }
    assertFalse(stage.explainParams().isEmpty());
  }

  static void checkCopy(Params stage) {
    Params copy = stage.copy(ParamMap.empty());
    assertNotSame(stage, copy);
    assertEquals(stage.getClass(), copy.getClass());
    assertEquals(stage.uid(), copy.uid());
    assertSameParams(stage, copy);
    if (stage.hasParam("outputCol")) {
      Param<Object> out = (Param<Object>) (Param<?>) stage.getParam("outputCol");
      Object before = stage.getOrDefault(out);
      Params changed = stage.copy(new ParamMap().put(out, "copiedOutput"));
      assertEquals("copiedOutput", changed.getOrDefault(changed.getParam("outputCol")));
      assertEquals(before, stage.getOrDefault(out), "copy with extra params leaves the original alone");
    }
  }

  static void assertSameParams(Params expected, Params actual) {
    for (Param<?> p : expected.params()) {
      Param<Object> q = (Param<Object>) actual.getParam(p.name());
      Param<Object> e = (Param<Object>) p;
      assertEquals(expected.isSet(e), actual.isSet(q), p.name() + " is set in both or neither");
      assertEquals(expected.hasDefault(e), actual.hasDefault(q), p.name() + " has a default in both or neither");
      if (expected.isDefined(e)) {
        assertTrue(actual.isDefined(q), p.name() + " is defined");
        assertTrue(deepEquals(expected.getOrDefault(e), actual.getOrDefault(q)),
            p.name() + ": " + expected.getOrDefault(e) + " vs " + actual.getOrDefault(q));
      }
      if (expected.hasDefault(e)) {
        assertTrue(deepEquals(expected.getDefault(e).get(), actual.getDefault(q).get()), p.name() + " default");
      }
    }
  }

  private static boolean deepEquals(Object a, Object b) {
    return Arrays.deepEquals(new Object[] {a}, new Object[] {b});
  }

  private static void checkSaveLoad(StageCase c) throws Exception {
    Path dir = TestSpark.tempDir("harness-stage").resolve("stage");
    ((MLWritable) c.stage).write().overwrite().save(dir.toString());
    PipelineStage loaded = load(c.stage.getClass(), dir.toString());
    assertEquals(c.stage.uid(), loaded.uid());
    assertSameParams(c.stage, loaded);
    Transformer original = fitted(c);
    Transformer reloaded = loaded instanceof Estimator ? (Transformer) ((Estimator<?>) loaded).fit(c.data)
        : (Transformer) loaded;
    if (original instanceof MLWritable && original != c.stage) {
      Path modelDir = dir.resolveSibling("model");
      ((MLWritable) original).write().overwrite().save(modelDir.toString());
      reloaded = (Transformer) load(original.getClass(), modelDir.toString());
      assertEquals(original.uid(), reloaded.uid());
      assertSameParams(original, reloaded);
    }
    RowAssertions.assertSameRows(original.transform(c.data), reloaded.transform(c.data));
  }

  private static PipelineStage load(Class<?> cls, String path) throws Exception {
    Method read = cls.getMethod("read");
    assertTrue(Modifier.isStatic(read.getModifiers()), cls.getSimpleName() + ".read() is static");
    assertTrue(read.invoke(null) instanceof MLReader);
    Method load = cls.getMethod("load", String.class);
    assertTrue(Modifier.isStatic(load.getModifiers()), cls.getSimpleName() + ".load(String) is static");
    Object loaded = load.invoke(null, path);
    assertEquals(cls, loaded.getClass());
    return (PipelineStage) loaded;
  }

  private static void checkPipelineRoundTrip(StageCase c) throws IOException {
    Path dir = TestSpark.tempDir("harness-pipeline");
    Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {c.stage.copy(ParamMap.empty())});
    pipeline.write().overwrite().save(dir.resolve("pipeline").toString());
    Pipeline loadedPipeline = Pipeline.load(dir.resolve("pipeline").toString());
    assertEquals(1, loadedPipeline.getStages().length);
    assertEquals(c.stage.getClass(), loadedPipeline.getStages()[0].getClass());
    assertSameParams(c.stage, loadedPipeline.getStages()[0]);

    PipelineModel model = pipeline.fit(c.data);
    model.write().overwrite().save(dir.resolve("model").toString());
    PipelineModel loadedModel = PipelineModel.load(dir.resolve("model").toString());
    RowAssertions.assertSameRows(model.transform(c.data), loadedModel.transform(c.data));
  }

  private static void checkStreaming(StageCase c) throws Exception {
    Transformer t = fitted(c);
    Dataset<Row> out = t.transform(TestSpark.fileStream(c.data, "harness-stream"));
    assertTrue(out.isStreaming());
    // A file stream reads every column as nullable; names, types and metadata must agree.
    assertEquals(fieldsOf(t.transform(c.data)), fieldsOf(out), "streaming and batch schemas agree");
    RowAssertions.assertSameRows(t.transform(c.data), TestSpark.runToMemory(out, "harness"));
  }

  private static List<String> fieldsOf(Dataset<Row> df) {
    return Arrays.stream(df.schema().fields())
        .map(f -> f.name() + ": " + f.dataType().json() + " " + f.metadata().json())
        .collect(Collectors.toList());
  }

  private static void checkPartitioning(StageCase c) {
    Transformer t = fitted(c);
    Dataset<Row> one = t.transform(c.data.repartition(1));
    Dataset<Row> many = t.transform(c.data.repartition(7));
    RowAssertions.assertSameRows(one, many);
    assertEquals(c.data.count(), many.count(), "no row lost or added");
    // A multiset comparison over the ids: nothing lost or duplicated.
    RddAssertions.assertSameMultiset(c.data.select("id").toJavaRDD(), many.select("id").toJavaRDD());
  }

  // ---------------------------------------------------------------------------------------------

  private static Path codeRoot(Class<?> cls) {
    try {
      return Paths.get(cls.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Concrete public {@link PipelineStage}s among the classes under the anchor's code root. */
  public static Set<String> stageClasses(Class<?> anchor) throws IOException {
    Path root = codeRoot(anchor);
    if (!Files.isDirectory(root)) {
      fail("the harness scans the module's classes directory, not " + root);
    }
    Set<String> stages = new TreeSet<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        String rel = root.relativize(f).toString();
        if (!rel.endsWith(".class") || rel.contains("$")) {
          continue;
        }
        String name = rel.substring(0, rel.length() - ".class".length()).replace('/', '.');
        Class<?> cls;
        try {
          cls = Class.forName(name, false, anchor.getClassLoader());
        } catch (ClassNotFoundException e) {
          throw new IllegalStateException(e);
        }
        int mod = cls.getModifiers();
        if (PipelineStage.class.isAssignableFrom(cls) && Modifier.isPublic(mod) && !Modifier.isAbstract(mod)) {
          stages.add(name);
        }
      }
    }
    return stages;
  }
}
