/**
 * Dataset loaders over the cache directory ({@link org.rnn4j.datasets.DataHome}). {@link
 * org.rnn4j.datasets.StockDataset} reads the NASDAQ CSV and computes the book's 37 features.
 */
package org.rnn4j.datasets;
