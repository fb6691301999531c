package sparkactivations.testing;

import com.holdenkarau.spark.testing.JavaRDDComparisons;
import org.apache.spark.api.java.JavaRDD;

/** The Spark 3.5 line's multiset check: spark-testing-base's own. */
public final class RddAssertions {

  private RddAssertions() {}

  /** Both RDDs hold the same elements, each as many times: nothing lost, nothing duplicated. */
  public static <T> void assertSameMultiset(JavaRDD<T> expected, JavaRDD<T> actual) {
    JavaRDDComparisons.assertRDDEquals(expected, actual);
  }
}
