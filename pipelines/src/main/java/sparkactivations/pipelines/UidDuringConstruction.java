package sparkactivations.pipelines;

import java.util.Objects;

/**
 * Hands a stage's uid to its {@code uid()} while the Scala superclass constructor runs: MLlib's
 * shared params ({@code labelCol}, {@code featuresCol}, ...) are built there, reading
 * {@code uid()}, before any field of the Java subclass is assigned.
 */
final class UidDuringConstruction {

  private static final ThreadLocal<String> PENDING = new ThreadLocal<>();

  private UidDuringConstruction() {}

  /** Announces {@code uid} for the constructor about to run; returns it. */
  static String announce(String uid) {
    PENDING.set(Objects.requireNonNull(uid, "uid"));
    return uid;
  }

  /** The announced uid. */
  static String pending() {
    return PENDING.get();
  }

  /** Ends the announcement, once the constructor has stored the uid. */
  static void done() {
    PENDING.remove();
  }
}
