/**
 * How code below the command line names an option: {@link rnn.option.OptionRef}, a reference by the option's
 * field name in {@code config.json}'s vocabulary, which only {@code rnn.cli} spells as a flag. Depends on nothing.
 */
package rnn.option;
