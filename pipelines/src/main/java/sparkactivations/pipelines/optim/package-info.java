/**
 * The optimisers of the feed-forward network: L-BFGS with a strong-Wolfe line search and adam on
 * mini-batches, over any {@link sparkactivations.pipelines.optim.DifferentiableObjective}. Public
 * only so that the estimators in {@code sparkactivations.pipelines} can use them; not a stable API.
 */
package sparkactivations.pipelines.optim;
