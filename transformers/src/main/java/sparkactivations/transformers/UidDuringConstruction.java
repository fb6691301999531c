package sparkactivations.transformers;

import java.util.Objects;

/**
 * Hands a stage's uid to its {@code uid()} while the Scala superclass constructor runs: MLlib's
 * shared params ({@code labelCol}, {@code featuresCol}, ...) are built there, reading
 * {@code uid()}, before any field of the Java subclass is assigned. A Java stage's constructor
 * passes {@code announce(uid)} through its {@code super(...)} arguments, stores the uid, then calls
 * {@code done()}; its {@code uid()} returns the stored uid, or {@code pending()} before that.
 * Not part of the public API.
 */
public final class UidDuringConstruction {

  private static final ThreadLocal<String> PENDING = new ThreadLocal<>();

  private UidDuringConstruction() {}

  /** Announces {@code uid} for the constructor about to run; returns it. */
  public static String announce(String uid) {
    PENDING.set(Objects.requireNonNull(uid, "uid"));
    return uid;
  }

  /** The announced uid. */
  public static String pending() {
    return PENDING.get();
  }

  /** Ends the announcement, once the constructor has stored the uid. */
  public static void done() {
    PENDING.remove();
  }
}
