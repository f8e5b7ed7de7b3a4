/**
 * Hyperparameter sweeps ({@code rnn sweep}), below the command line: what is searched ({@link rnn.sweep.SearchSpace}:
 * a grid or a seeded random search over {@link rnn.sweep.Distribution}s, parsed from the command line's text by
 * {@code SearchText} or from a spec file by {@link rnn.sweep.SpecFile}, keys checked by {@link rnn.sweep.TrainKeys});
 * the whole sweep as {@code DIR/sweep.json} records it ({@link rnn.sweep.SweepSpec}); how trials run
 * ({@link rnn.sweep.TrialExecutor}: {@link rnn.sweep.ChildProcessExecutor} for local {@code --parallel},
 * {@link rnn.sweep.InProcessExecutor} over a {@link rnn.sweep.CommandRunner} such as {@code rnn.cli.Main::run} for
 * {@code --trial} and Spark tasks); the rungs of successive halving ({@link rnn.sweep.Halving}) and the loop over
 * them ({@link rnn.sweep.SweepRunner}); where each trial stands, read from its run directory
 * ({@link rnn.sweep.TrialReport}); the ranking and its files ({@link rnn.sweep.Leaderboard}, drawn by
 * {@code rnn.io.LeaderboardPlot}); the array jobs for other schedulers ({@link rnn.sweep.SchedulerScripts}); the
 * limits ({@link rnn.sweep.SweepLimits}) and the default parallelism ({@link rnn.sweep.ParallelRule}).
 *
 * <p>A trial is always an ordinary {@code rnn train} run (in a child JVM or through the command line in this JVM),
 * so this package depends on {@code io} (atomic files, run-directory names, loss.csv) and the random generator,
 * never on {@code train}, {@code nn} or picocli; errors are {@link rnn.sweep.SweepException}s naming options as
 * {@code {{field}}}.
 */
package rnn.sweep;
