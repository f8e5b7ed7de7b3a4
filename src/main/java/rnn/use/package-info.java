/**
 * Using a trained model: predictions over a file and their evaluation ({@code rnn predict}, {@code rnn eval}).
 *
 * <pre>{@code
 * Dataset data = DataLoader.loadForModel(file, schema, ',', DataLoader.Purpose.PREDICT);   // schema's statistics
 * Predictor.forEachBatch(model, data, 256, (batch, pred) -> writer.write(batch, pred));   // one batch at a time
 * EvalReport report = Evaluator.evaluate(model, evalData, schema, loss, 256);
 * }</pre>
 * Predictions leave the model in normalised units (regression) or as logits (classification); this package turns
 * them into the file's units with the schema's statistics ({@link rnn.data.ColumnStats#denormalize}) and into
 * class probabilities with a softmax. Nothing is accumulated per example: memory is that of one batch.
 *
 * <p>Arrows: {@code cli → use → {data, nn}}; nothing here knows picocli or files of a run directory.
 */
package rnn.use;
