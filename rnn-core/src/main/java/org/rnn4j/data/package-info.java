/**
 * Batching of sequences: right padding with masks, length bucketing and truncation. Numeric sequences: {@link
 * org.rnn4j.data.StandardScaler} and {@link org.rnn4j.data.SlidingWindows}.
 */
package org.rnn4j.data;
