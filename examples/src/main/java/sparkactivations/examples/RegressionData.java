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
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.attribute.NumericAttribute;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The bundled regression data set, Wine Quality (red wines): 1,599 rows of 11 physicochemical
 * measurements and the wine's quality grade. The frame has a unique {@code long} column {@code id}
 * (the row's line number after the header, from 0), {@code features} (a dense vector of the 11
 * measurements in the file's column order, whose {@code AttributeGroup} names them) and
 * {@code label} (the quality grade, a double).
 *
 * <p>The data are by P. Cortez, A. Cerdeira, F. Almeida, T. Matos and J. Reis (2009), from the
 * UCI Machine Learning Repository, CC BY 4.0; see {@code winequality-README.md} beside the file.
 */
final class RegressionData {

  static final String WINE_QUALITY = "winequality-red.csv.gz";
  static final int WINE_FEATURES = 11;
  static final String FEATURES = "features";
  static final String LABEL = "label";

  private RegressionData() {}

  /** The bundled Wine Quality (red) data set. */
  static Dataset<Row> wineQuality(SparkSession spark) {
    List<Row> rows = new ArrayList<>();
    String[] names;
    try (InputStream raw = RegressionData.class.getResourceAsStream(WINE_QUALITY)) {
      if (raw == null) {
        throw new IllegalStateException("resource " + WINE_QUALITY + " is missing from the jar");
      }
      BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(raw), StandardCharsets.UTF_8));
      String[] header = in.readLine().split(",", -1);
      if (header.length != WINE_FEATURES + 1) {
        throw new IllegalStateException(WINE_QUALITY + " has " + header.length + " columns, expected "
            + (WINE_FEATURES + 1));
      }
      names = new String[WINE_FEATURES];
      for (int i = 0; i < WINE_FEATURES; i++) {
        names[i] = header[i].replace("\"", "");
      }
      String line;
      long id = 0;
      while ((line = in.readLine()) != null) {
        String[] parts = line.split(",", -1);
        double[] x = new double[WINE_FEATURES];
        for (int i = 0; i < WINE_FEATURES; i++) {
          x[i] = Double.parseDouble(parts[i]);
        }
        rows.add(RowFactory.create(id++, Vectors.dense(x), Double.parseDouble(parts[WINE_FEATURES])));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return spark.createDataFrame(rows, schema(names));
  }

  /** {@code id}, {@code features} with the named attributes, {@code label}. */
  static StructType schema(String[] featureNames) {
    Attribute[] attributes = new Attribute[featureNames.length];
    for (int i = 0; i < featureNames.length; i++) {
      attributes[i] = NumericAttribute.defaultAttr().withName(featureNames[i]).withIndex(i);
    }
    StructField features = new AttributeGroup(FEATURES, attributes).toStructField();
    return new StructType(new StructField[] {
        new StructField("id", DataTypes.LongType, false, Metadata.empty()),
        new StructField(FEATURES, features.dataType(), false, features.metadata()),
        new StructField(LABEL, DataTypes.DoubleType, false, Metadata.empty())});
  }
}
