package sparkactivations.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLWritable;
import org.junit.jupiter.api.Test;
import sparkactivations.testing.TestSpark;
import sparkactivations.transformers.ReLU;

/**
 * The {@code META-INF/services} files through which a Spark Connect server finds ML stages (its
 * {@code MLUtils}): every public stage class of the library is listed, and every listed class
 * loads the way the server loads it. One unusable entry breaks every ML call on that server.
 */
class StageServicesTest {

  /** Every public, concrete Transformer or Estimator class in the library's class directories or jars. */
  private static TreeSet<String> stageClasses(Class<?> kind) throws Exception {
    TreeSet<String> out = new TreeSet<>();
    for (Class<?> anchor : new Class<?>[] {ReLU.class, FeedForwardClassifier.class}) {
      for (String name : classNames(anchor)) {
        Class<?> c = Class.forName(name, false, StageServicesTest.class.getClassLoader());
        if (kind.isAssignableFrom(c) && Modifier.isPublic(c.getModifiers()) && !Modifier.isAbstract(c.getModifiers())) {
          out.add(name);
        }
      }
    }
    return out;
  }

  private static List<String> classNames(Class<?> anchor) throws IOException, URISyntaxException {
    Path root = Paths.get(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
    if (!Files.isDirectory(root)) {
      try (java.util.jar.JarFile jar = new java.util.jar.JarFile(root.toFile())) {
        return jar.stream().map(e -> e.getName()).filter(n -> n.endsWith(".class") && !n.contains("$"))
            .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.')).collect(Collectors.toList());
      }
    }
    try (Stream<Path> files = Files.walk(root)) {
      return files.map(p -> root.relativize(p).toString()).filter(n -> n.endsWith(".class") && !n.contains("$"))
          .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.').replace('\\', '.'))
          .collect(Collectors.toList());
    }
  }

  /** The class names the library's own service files list for {@code kind}. */
  private static TreeSet<String> listed(Class<?> kind) throws IOException {
    TreeSet<String> out = new TreeSet<>();
    Enumeration<URL> files = StageServicesTest.class.getClassLoader().getResources("META-INF/services/" + kind.getName());
    for (URL url : Collections.list(files)) {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(url.openStream(), StandardCharsets.UTF_8))) {
        for (String line : in.lines().map(l -> l.replaceAll("#.*", "").trim()).filter(l -> !l.isEmpty())
            .collect(Collectors.toList())) {
          if (line.startsWith("sparkactivations.")) {
            out.add(line);
          }
        }
      }
    }
    return out;
  }

  @Test
  void everyPublicStageClassIsListedAndNothingElse() throws Exception {
    TreeSet<String> estimators = stageClasses(Estimator.class);
    TreeSet<String> transformers = stageClasses(Transformer.class);
    assertTrue(transformers.contains(ReLU.class.getName()) && transformers.contains(FeedForwardClassificationModel.class.getName()),
        "the class scan found the stages: " + transformers);
    assertTrue(estimators.contains(FeedForwardClassifier.class.getName()), "the class scan found " + estimators);
    assertEquals(estimators, listed(Estimator.class), "META-INF/services/org.apache.spark.ml.Estimator");
    assertEquals(transformers, listed(Transformer.class), "META-INF/services/org.apache.spark.ml.Transformer");
  }

  /**
   * As the server's {@code MLUtils.loadOperators} does: {@code ServiceLoader.stream()} over every
   * provider on the class path (Spark's own stages too), which loads each class and checks its
   * public no-arg constructor, and {@code Provider.type()}; then, for each of ours, the no-arg
   * constructor itself, the {@code (String uid)} constructor the server builds estimators and
   * transformers with, and the static {@code load} (and, where Spark has it,
   * {@code read().loadFromLocal}) it reads saved stages and offloaded models with. (Reflection
   * because the Spark 3.5 line compiles for Java 8, which has no {@code stream()}; tests run on 17.)
   */
  @Test
  void everyListedClassLoadsAsASparkConnectServerLoadsIt() throws Exception {
    TestSpark.session();
    Map<String, Class<?>> operators = new TreeMap<>();
    Method stream = ServiceLoader.class.getMethod("stream");
    Method type = Class.forName("java.util.ServiceLoader$Provider").getMethod("type");
    for (Class<?> kind : new Class<?>[] {Transformer.class, Estimator.class}) {
      ServiceLoader<?> loader = ServiceLoader.load(kind, Thread.currentThread().getContextClassLoader());
      for (Object provider : ((Stream<?>) stream.invoke(loader)).collect(Collectors.toList())) {
        Class<?> c = (Class<?>) type.invoke(provider);
        operators.put(c.getName(), c);
      }
    }
    List<String> ours = new ArrayList<>(listed(Transformer.class));
    ours.addAll(listed(Estimator.class));
    Path dir = TestSpark.tempDir("stage-services");
    for (String name : ours) {
      Class<?> c = operators.get(name);
      assertTrue(c != null, name + " was not found by ServiceLoader");
      Object stage = c.getConstructor().newInstance();
      if (!Model.class.isAssignableFrom(c)) {
        stage = c.getConstructor(String.class).newInstance("connect_0123");
        assertEquals("connect_0123", ((Identifiable) stage).uid(), name);
      }
      String path = dir.resolve(c.getSimpleName()).toString();
      ((MLWritable) stage).write().save(path);
      Method load = c.getMethod("load", String.class);
      assertTrue(Modifier.isStatic(load.getModifiers()), name + ".load is static");
      PipelineStage loaded = (PipelineStage) load.invoke(null, path);
      assertEquals(c, loaded.getClass(), name);
      assertEquals(((Identifiable) stage).uid(), loaded.uid(), name);
      Object reader = c.getMethod("read").invoke(null);
      Method loadFromLocal = methodOrNull(reader.getClass(), "loadFromLocal");
      if (loadFromLocal != null) {
        String local = dir.resolve(c.getSimpleName() + "-local").toString();
        Method saveToLocal = methodOrNull(((MLWritable) stage).write().getClass(), "saveToLocal");
        saveToLocal.invoke(((MLWritable) stage).write(), local);
        PipelineStage fromLocal = (PipelineStage) loadFromLocal.invoke(reader, local);
        assertEquals(c, fromLocal.getClass(), name);
      }
    }
    assertEquals(new TreeSet<>(ours).size(), ours.size(), "no class listed twice");
  }

  private static Method methodOrNull(Class<?> c, String name) {
    try {
      return c.getMethod(name, String.class);
    } catch (NoSuchMethodException e) {
      return null;
    }
  }
}
