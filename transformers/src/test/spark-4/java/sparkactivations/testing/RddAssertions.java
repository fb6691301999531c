package sparkactivations.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

/**
 * The Spark 4 line's multiset check. spark-testing-base has no Spark 4 build, so this is its
 * {@code JavaRDDComparisons.assertRDDEquals} written out: count each element on both sides and
 * compare the counts, in a Spark job, without collecting the data.
 */
public final class RddAssertions {

  private RddAssertions() {}

  /** Both RDDs hold the same elements, each as many times: nothing lost, nothing duplicated. */
  public static <T> void assertSameMultiset(JavaRDD<T> expected, JavaRDD<T> actual) {
    JavaPairRDD<T, Long> want = counts(expected);
    JavaPairRDD<T, Long> got = counts(actual);
    List<Tuple2<T, Tuple2<org.apache.spark.api.java.Optional<Long>, org.apache.spark.api.java.Optional<Long>>>>
        differences = want.fullOuterJoin(got)
            .filter(t -> !t._2()._1().equals(t._2()._2()))
            .take(5);
    if (!differences.isEmpty()) {
      StringBuilder message = new StringBuilder("the RDDs differ as multisets (element: expected count, actual count):");
      for (Tuple2<T, Tuple2<org.apache.spark.api.java.Optional<Long>, org.apache.spark.api.java.Optional<Long>>> d : differences) {
        message.append("\n  ").append(d._1()).append(": ")
            .append(d._2()._1().orElse(0L)).append(", ").append(d._2()._2().orElse(0L));
      }
      fail(message.toString());
    }
  }

  private static <T> JavaPairRDD<T, Long> counts(JavaRDD<T> rdd) {
    return rdd.mapToPair(x -> new Tuple2<>(x, 1L)).reduceByKey(Long::sum);
  }
}
