package sparkactivations.transformers;

import java.util.function.Function;
import org.apache.spark.SparkContext;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsReader$;
import org.apache.spark.ml.util.DefaultParamsWriter$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.AnalysisException;
import scala.reflect.api.Mirror;
import scala.reflect.api.TypeCreator;
import scala.reflect.api.TypeTags;
import scala.reflect.api.Types;
import scala.reflect.api.Universe;

/**
 * Every use of a Spark or Scala API that is not meant for Java, or not public in Scala, goes
 * through here, so that a Spark upgrade touches one file. Not part of the public API.
 */
public final class SparkBridge {

  private SparkBridge() {}

  /**
   * A Scala {@code TypeTag} for a class, built at run time from the runtime universe, for Scala
   * constructors that take one implicitly ({@code UnaryTransformer}).
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static <T> TypeTags.TypeTag<T> typeTag(Class<T> cls) {
    scala.reflect.api.JavaUniverse javaUniverse = scala.reflect.runtime.package$.MODULE$.universe();
    Mirror mirror = (Mirror) javaUniverse.runtimeMirror(cls.getClassLoader());
    return ((Universe) javaUniverse).TypeTag().apply(mirror, new ClassTypeCreator(cls.getName()));
  }

  /**
   * The reader of {@code DefaultParamsWritable} stages (Scala {@code private[ml]}): it calls the
   * stage's public {@code (String uid)} constructor and sets every saved param.
   */
  public static <T> MLReader<T> defaultParamsReader() {
    return new DefaultParamsReader<T>();
  }

  /**
   * Writes a stage's metadata (class, uid, params, defaults) as {@code DefaultParamsWriter} does
   * (Scala {@code private[ml]}), for writers of models that save data beside it.
   */
  public static void saveMetadata(Params instance, String path, SparkContext sc) {
    DefaultParamsWriter$.MODULE$.saveMetadata(instance, path, sc, scala.Option.empty(), scala.Option.empty());
  }

  /**
   * Reads metadata written by {@link #saveMetadata}, checking it is of {@code className}, makes
   * the instance from the saved uid and sets the saved params and defaults on it.
   */
  public static <T extends Params> T loadWithMetadata(String path, SparkContext sc, String className,
      Function<String, T> fromUid) {
    DefaultParamsReader.Metadata metadata = DefaultParamsReader$.MODULE$.loadMetadata(path, sc, className);
    T instance = fromUid.apply(metadata.uid());
    metadata.getAndSetParams(instance, scala.Option.empty());
    return instance;
  }

  /**
   * The {@code AnalysisException} of one of Spark's error classes, with its message parameters
   * ({@code key, value, key, value...}), as the analyser throws it. Thrown here, unchecked as in
   * Scala, so that function builders can throw it: write {@code throw SparkBridge.analysisError(...)}.
   */
  public static RuntimeException analysisError(String errorClass, String... parameters) {
    scala.collection.immutable.Map<String, String> map = scala.collection.immutable.Map$.MODULE$.empty();
    for (int i = 0; i + 1 < parameters.length; i += 2) {
      map = map.$plus(new scala.Tuple2<>(parameters[i], parameters[i + 1]));
    }
    throw SparkBridge.<RuntimeException>unchecked(new AnalysisException(errorClass, map));
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> E unchecked(Throwable t) throws E {
    throw (E) t;
  }

  /** Makes the type of a named class; raw types because the Scala signature has no Java form. */
  private static final class ClassTypeCreator extends TypeCreator {
    private static final long serialVersionUID = 1L;
    private final String className;

    ClassTypeCreator(String className) {
      this.className = className;
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Types.TypeApi apply(Mirror m) {
      scala.reflect.api.Symbols.ClassSymbolApi cls =
          (scala.reflect.api.Symbols.ClassSymbolApi) m.staticClass(className);
      return cls.asType().toTypeConstructor();
    }
  }
}
