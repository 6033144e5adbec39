package org.rnn4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.junit.jupiter.api.Test;

/** The version the library reports is the pom's (surefire passes {@code ${project.version}} as a property). */
class VersionTest {
    @Test
    void versionIsThePomVersion() {
        String pom = System.getProperty("rnn4j.pomVersion");
        assertNotNull(pom, "surefire sets rnn4j.pomVersion (rnn-core/pom.xml)");
        assertEquals(pom, Version.get());
    }
}
