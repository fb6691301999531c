package sparkactivations.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Exact comparison of results: doubles bit for bit ({@code Double.equals}, so NaN equals NaN and
 * -0.0 differs from 0.0), vectors by representation and values, arrays and rows element-wise.
 */
public final class RowAssertions {

  private RowAssertions() {}

  /** The rows of {@code df} ordered by its {@code id} column. */
  public static List<Row> rowsById(Dataset<Row> df) {
    List<Row> rows = new ArrayList<>(df.collectAsList());
    int id = df.schema().fieldIndex("id");
    rows.sort(Comparator.comparingLong(r -> r.getLong(id)));
    return rows;
  }

  /** Same columns, same rows (matched by {@code id}), same values exactly. */
  public static void assertSameRows(Dataset<Row> expected, Dataset<Row> actual) {
    assertEquals(asList(expected.columns()), asList(actual.columns()), "columns");
    assertSameRows(rowsById(expected), rowsById(actual));
  }

  public static void assertSameRows(List<Row> expected, List<Row> actual) {
    assertEquals(expected.size(), actual.size(), "row count");
    for (int i = 0; i < expected.size(); i++) {
      assertSameValue(expected.get(i), actual.get(i), "row " + i);
    }
  }

  public static void assertSameValue(Object expected, Object actual, String where) {
    if (!sameValue(expected, actual)) {
      fail(where + ": expected " + describe(expected) + " but was " + describe(actual));
    }
  }

  public static boolean sameValue(Object a, Object b) {
    if (a == null || b == null) {
      return a == b;
    }
    if (a instanceof Row && b instanceof Row) {
      Row ra = (Row) a;
      Row rb = (Row) b;
      if (ra.length() != rb.length()) {
        return false;
      }
      for (int i = 0; i < ra.length(); i++) {
        if (!sameValue(ra.get(i), rb.get(i))) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof Vector && b instanceof Vector) {
      return a.getClass() == b.getClass() && a.equals(b) && sameValue(toSeq(((Vector) a).toArray()),
          toSeq(((Vector) b).toArray()));
    }
    if (a instanceof scala.collection.Seq && b instanceof scala.collection.Seq) {
      scala.collection.Seq<?> sa = (scala.collection.Seq<?>) a;
      scala.collection.Seq<?> sb = (scala.collection.Seq<?>) b;
      if (sa.length() != sb.length()) {
        return false;
      }
      for (int i = 0; i < sa.length(); i++) {
        if (!sameValue(sa.apply(i), sb.apply(i))) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }

  private static scala.collection.Seq<Object> toSeq(double[] values) {
    List<Object> boxed = new ArrayList<>();
    for (double v : values) {
      boxed.add(v);
    }
    return scala.collection.JavaConverters.asScalaBuffer(boxed);
  }

  private static List<String> asList(String[] a) {
    return java.util.Arrays.asList(a);
  }

  private static String describe(Object o) {
    return o == null ? "null" : o + " (" + o.getClass().getSimpleName() + ")";
  }
}
