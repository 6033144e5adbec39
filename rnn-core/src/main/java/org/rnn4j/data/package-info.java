/** Batching of sequences: right padding with masks, length bucketing and truncation. */
package org.rnn4j.data;
