/**
 * The activation functions as native Spark SQL functions and {@code Column} functions
 * ({@link sparkactivations.functions.ActivationFunctions}), computed by one Catalyst expression
 * that reads and writes Spark's internal rows, with generated code.
 */
package sparkactivations.functions;
