package sparkactivations.examples;

/**
 * A problem the user can fix (a missing input, an output that exists, a column that is not
 * there); {@link JobLauncher} prints the message as one line, without a stack trace, and exits
 * with 1.
 */
public final class JobException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public JobException(String message) {
    super(message);
  }

  public JobException(String message, Throwable cause) {
    super(message, cause);
  }
}
