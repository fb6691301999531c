package sparkactivations.examples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The digits data set (8x8 images of handwritten digits, 64 pixel counts 0..16 then the label
 * 0..9): the bundled copy, or a CSV file in the same layout. Either way the frame has a unique
 * {@code long} column {@code id}, the pixels {@code p0..p63} and {@code label}, all doubles.
 *
 * <p>The bundled copy is the 1,797-image test part of the UCI "Optical Recognition of Handwritten
 * Digits" data set (E. Alpaydin, C. Kaynak, 1998), CC BY 4.0; see {@code digits-README.md} beside it.
 */
final class DigitsData {

  static final int PIXELS = 64;
  static final String RESOURCE = "digits.csv.gz";
  static final String LABEL = "label";

  private DigitsData() {}

  static String[] pixelColumns() {
    String[] cols = new String[PIXELS];
    for (int i = 0; i < PIXELS; i++) {
      cols[i] = "p" + i;
    }
    return cols;
  }

  /** The CSV schema: the pixels, then the label. */
  static StructType csvSchema() {
    List<StructField> fields = new ArrayList<>();
    for (String c : pixelColumns()) {
      fields.add(new StructField(c, DataTypes.DoubleType, false, Metadata.empty()));
    }
    fields.add(new StructField(LABEL, DataTypes.DoubleType, false, Metadata.empty()));
    return new StructType(fields.toArray(new StructField[0]));
  }

  static StructType schema() {
    List<StructField> fields = new ArrayList<>();
    fields.add(new StructField("id", DataTypes.LongType, false, Metadata.empty()));
    for (StructField f : csvSchema().fields()) {
      fields.add(f);
    }
    return new StructType(fields.toArray(new StructField[0]));
  }

  /** The bundled copy; {@code id} is the line number, from 0. */
  static Dataset<Row> bundled(SparkSession spark) {
    List<Row> rows = new ArrayList<>();
    try (InputStream raw = DigitsData.class.getResourceAsStream(RESOURCE)) {
      if (raw == null) {
        throw new IllegalStateException("resource " + RESOURCE + " is missing from the jar");
      }
      BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(raw), StandardCharsets.US_ASCII));
      String line;
      long id = 0;
      while ((line = in.readLine()) != null) {
        String[] parts = line.split(",");
        Object[] values = new Object[PIXELS + 2];
        values[0] = id++;
        for (int i = 0; i <= PIXELS; i++) {
          values[i + 1] = Double.parseDouble(parts[i]);
        }
        rows.add(RowFactory.create(values));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return spark.createDataFrame(rows, schema());
  }

  /**
   * A CSV file (or directory, or glob) without header in the bundled layout; {@code id} is
   * Spark's {@code monotonically_increasing_id}, the line number for a single small file.
   *
   * @throws JobException when the path does not exist or its first line does not have 65 columns
   */
  static Dataset<Row> csv(SparkSession spark, String path) {
    JobPaths.requireInput(spark, path);
    List<Row> first = spark.read().text(path).limit(1).collectAsList();
    if (first.isEmpty()) {
      throw new JobException("input " + path + " is empty");
    }
    int columns = first.get(0).getString(0).split(",", -1).length;
    if (columns != PIXELS + 1) {
      throw new JobException("input " + path + ": expected " + (PIXELS + 1)
          + " comma-separated columns (64 pixels, then the label) but the first line has " + columns);
    }
    Dataset<Row> df = spark.read().schema(csvSchema()).option("mode", "FAILFAST").csv(path);
    Column[] cols = new Column[PIXELS + 2];
    cols[0] = functions.monotonically_increasing_id().as("id");
    String[] names = df.columns();
    for (int i = 0; i < names.length; i++) {
      cols[i + 1] = functions.col(names[i]);
    }
    return df.select(cols);
  }
}
