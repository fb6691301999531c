package sparkactivations.transformers;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;

/**
 * The kernel's values and derivatives at points given in a file, for the accuracy sweep
 * ({@code src/test/resources/reference/accuracy_sweep.py}). Arguments come in groups of four:
 * input file, output file, function name, alpha. The input holds big-endian doubles; the output
 * gets, per point, the value and then the derivative, big-endian.
 */
public final class KernelSweepDump {
  private KernelSweepDump() {}

  public static void main(String[] args) throws IOException {
    if (args.length == 0 || args.length % 4 != 0) {
      throw new IllegalArgumentException("usage: (points-in values-out function alpha)...");
    }
    for (int g = 0; g < args.length; g += 4) {
      ActivationFunction f = ActivationFunction.forName(args[g + 2]);
      double alpha = Double.parseDouble(args[g + 3]);
      try (DataInputStream in = new DataInputStream(new BufferedInputStream(new FileInputStream(args[g]), 1 << 16));
          DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(args[g + 1]), 1 << 16))) {
        while (true) {
          double x;
          try {
            x = in.readDouble();
          } catch (EOFException end) {
            break;
          }
          out.writeDouble(f.value(x, alpha));
          out.writeDouble(f.derivative(x, alpha));
        }
      }
    }
  }
}
