/**
 * File and run-description utilities: {@link org.rnn4j.io.AtomicFiles} writes files that readers never see
 * half-written, {@link org.rnn4j.io.Version} is rnn4j's version as the build wrote it, and
 * {@link org.rnn4j.io.Machine} describes the machine a run happened on.
 */
package org.rnn4j.io;
