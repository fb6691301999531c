package sparkactivations.examples;

/** Arguments a job cannot run with; {@link JobLauncher} prints the message and the usage, and exits with 2. */
public final class UsageException extends Exception {

  private static final long serialVersionUID = 1L;

  public UsageException(String message) {
    super(message);
  }
}
