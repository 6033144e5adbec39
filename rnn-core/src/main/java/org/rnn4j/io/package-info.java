/**
 * File and build utilities: {@link org.rnn4j.io.AtomicFiles} writes files that readers never see half-written,
 * and {@link org.rnn4j.io.Version} is rnn4j's version as the build wrote it.
 */
package org.rnn4j.io;
