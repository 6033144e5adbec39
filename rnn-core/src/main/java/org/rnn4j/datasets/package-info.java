/**
 * Dataset loaders over the cache directory ({@link org.rnn4j.datasets.DataHome}). {@link
 * org.rnn4j.datasets.StockDataset} reads the NASDAQ CSV and computes the book's 37 features. {@link
 * org.rnn4j.datasets.LabeledTextFiles} reads your own labelled texts (CSV, TSV, JSON Lines or class folders) and
 * {@link org.rnn4j.datasets.TextRecords} streams the texts of a file for batch scoring.
 */
package org.rnn4j.datasets;
