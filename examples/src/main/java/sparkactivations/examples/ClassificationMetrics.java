package sparkactivations.examples;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Accuracy, weighted F1 and per-class precision and recall of a prediction column against a
 * label column, from the confusion counts (one small aggregation), with MLlib's definitions
 * ({@code MulticlassMetrics}): a class's precision or recall is 0 when its denominator is 0, and
 * weighted F1 weighs each label's F1 by its share of the rows.
 */
final class ClassificationMetrics {

  final long rows;
  final double accuracy;
  final double weightedF1;
  /** By class: rows with that label. */
  final Map<Integer, Long> support = new TreeMap<>();
  final Map<Integer, Double> precision = new TreeMap<>();
  final Map<Integer, Double> recall = new TreeMap<>();

  private ClassificationMetrics(Map<Integer, Map<Integer, Long>> confusion) {
    TreeSet<Integer> classes = new TreeSet<>(confusion.keySet());
    Map<Integer, Long> predicted = new TreeMap<>();
    long total = 0;
    long correct = 0;
    for (Map.Entry<Integer, Map<Integer, Long>> byLabel : confusion.entrySet()) {
      for (Map.Entry<Integer, Long> e : byLabel.getValue().entrySet()) {
        classes.add(e.getKey());
        total += e.getValue();
        predicted.merge(e.getKey(), e.getValue(), Long::sum);
        support.merge(byLabel.getKey(), e.getValue(), Long::sum);
        if (e.getKey().equals(byLabel.getKey())) {
          correct += e.getValue();
        }
      }
    }
    double f1 = 0;
    for (int c : classes) {
      long tp = confusion.getOrDefault(c, new TreeMap<>()).getOrDefault(c, 0L);
      long labelled = support.getOrDefault(c, 0L);
      long guessed = predicted.getOrDefault(c, 0L);
      double p = guessed == 0 ? 0 : (double) tp / guessed;
      double r = labelled == 0 ? 0 : (double) tp / labelled;
      precision.put(c, p);
      recall.put(c, r);
      support.putIfAbsent(c, 0L);
      double f = p + r == 0 ? 0 : 2 * p * r / (p + r);
      f1 += f * labelled / total;
    }
    rows = total;
    accuracy = total == 0 ? Double.NaN : (double) correct / total;
    weightedF1 = total == 0 ? Double.NaN : f1;
  }

  static ClassificationMetrics of(Dataset<Row> predictions, String labelCol, String predictionCol) {
    List<Row> counts = predictions
        .groupBy(functions.col(labelCol).cast("int"), functions.col(predictionCol).cast("int"))
        .count().collectAsList();
    Map<Integer, Map<Integer, Long>> confusion = new TreeMap<>();
    for (Row r : counts) {
      confusion.computeIfAbsent(r.getInt(0), k -> new TreeMap<>()).put(r.getInt(1), r.getLong(2));
    }
    return new ClassificationMetrics(confusion);
  }

  /** {@code accuracy=0.xxxx f1=0.xxxx}. */
  String summaryLine() {
    return String.format(Locale.ROOT, "accuracy=%.4f f1=%.4f", accuracy, weightedF1);
  }

  /** One line per class: rows, precision, recall. */
  String table() {
    StringBuilder t = new StringBuilder(String.format(Locale.ROOT, "%5s %9s %9s %9s%n", "class", "test rows", "precision", "recall"));
    for (int c : support.keySet()) {
      t.append(String.format(Locale.ROOT, "%5d %9d %9.4f %9.4f%n", c, support.get(c), precision.get(c), recall.get(c)));
    }
    return t.toString();
  }
}
