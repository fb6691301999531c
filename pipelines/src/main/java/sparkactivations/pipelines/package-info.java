/**
 * The feed-forward network estimators ({@link sparkactivations.pipelines.FeedForwardClassifier})
 * and their models, params and summaries; assembly of the standard activation pipeline
 * (features, optional standardisation, an {@link sparkactivations.transformers.Activation} stage,
 * a classifier) from a small {@link sparkactivations.pipelines.PerceptronSpec}, with layer sizes
 * worked out from the data, and grid search over activation function, alpha and hidden layers.
 * The network's internals live in {@code sparkactivations.pipelines.network}, its optimisers in
 * {@code sparkactivations.pipelines.optim}.
 */
package sparkactivations.pipelines;
