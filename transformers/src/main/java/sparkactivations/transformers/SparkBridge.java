package sparkactivations.transformers;

import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.MLReader;
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
