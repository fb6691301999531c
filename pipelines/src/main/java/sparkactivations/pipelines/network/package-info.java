/**
 * The feed-forward network's internals, as MLlib keeps {@code ml.ann} apart from its estimators:
 * the parameter layout and activation steps ({@link sparkactivations.pipelines.network.NetworkTopology}),
 * the blocked forward and backward pass, the distributed objective over cached blocks, the
 * stacking of checked training rows and the initial weights. Public only so that the estimators
 * in {@code sparkactivations.pipelines} can use them; not a stable API.
 */
package sparkactivations.pipelines.network;
