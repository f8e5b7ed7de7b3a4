/**
 * Optimizers, gradient clipping and learning-rate schedules over a model's named {@link rnn.nn.Parameters}
 * (DESIGN §1).
 *
 * <p>Every optimizer follows PyTorch's formulation of the same name ({@code torch.optim.Adam}, {@code AdamW},
 * {@code SGD}, {@code RMSprop}), keeps its state as one flat {@code double[]} per parameter in the canonical
 * parameter order, and exposes those live arrays by PyTorch's state names ({@code optim.exp_avg.<param>},
 * ...) so that checkpoints (DESIGN §4) can save and restore them. {@link rnn.optim.OptimizerSettings} is the
 * one immutable configuration; every default is defined there once. Nothing in this package allocates inside
 * {@link rnn.optim.Optimizer#step(double)} or the clipping loops.
 */
package rnn.optim;
