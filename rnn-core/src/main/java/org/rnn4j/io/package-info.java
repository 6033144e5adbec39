/** File utilities: {@link org.rnn4j.io.AtomicFiles} writes files that readers never see half-written. */
package org.rnn4j.io;
