package org.rnn4j.examples;

import org.rnn4j.io.Version;
import picocli.CommandLine;

/** {@code rnn4j --version}: the version the build wrote into rnn-core (see {@link Version}). */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[]{"rnn4j " + Version.get()};
    }
}
