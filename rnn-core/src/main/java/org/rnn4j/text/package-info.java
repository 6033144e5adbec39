/** Text processing: the book's review {@link org.rnn4j.text.ReviewTokenizer} and the word {@link org.rnn4j.text.Vocabulary}. */
package org.rnn4j.text;
