/**
 * Spark ML stages that apply activation functions to vector, array and numeric columns:
 * {@link sparkactivations.transformers.ReLU}, {@link sparkactivations.transformers.LeakyReLU},
 * {@link sparkactivations.transformers.ELU} and the multi-column, multi-function
 * {@link sparkactivations.transformers.Activation}. The formulas live once, in
 * {@link sparkactivations.transformers.ActivationKernel}; semantics follow PyTorch eager mode.
 */
package sparkactivations.transformers;
