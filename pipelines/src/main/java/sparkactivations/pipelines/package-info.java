/**
 * Assembly of the standard activation pipeline (features, optional standardisation, an
 * {@link sparkactivations.transformers.Activation} stage, a classifier) from a small
 * {@link sparkactivations.pipelines.PerceptronSpec}, with layer sizes worked out from the data,
 * and grid search over activation function, alpha and hidden layers.
 */
package sparkactivations.pipelines;
