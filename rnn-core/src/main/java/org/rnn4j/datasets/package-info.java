/** Dataset loaders over the cache directory ({@link org.rnn4j.datasets.DataHome}). */
package org.rnn4j.datasets;
