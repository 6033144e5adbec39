package org.rnn4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import org.junit.jupiter.api.Test;

class MachineTest {
    @Test
    void cpuModelIsTheFirstModelName() {
        assertEquals("AMD EPYC", Machine.cpuModel(List.of("processor\t: 0", "vendor_id\t: AuthenticAMD",
                "model\t\t: 1", "model name\t: AMD EPYC", "processor\t: 1", "model name\t: other")));
        assertEquals(Machine.UNKNOWN, Machine.cpuModel(List.of("processor\t: 0", "model\t\t: 1")));
        assertEquals(Machine.UNKNOWN, Machine.cpuModel(List.of()));
    }

    @Test
    void currentDescribesThisJvm() {
        Machine m = Machine.current();
        assertEquals(Runtime.getRuntime().availableProcessors(), m.logicalCpus());
        assertEquals(System.getProperty("os.name") + " " + System.getProperty("os.arch"), m.os());
        assertEquals(System.getProperty("java.vm.name") + " " + System.getProperty("java.version"), m.java());
        assertFalse(m.cpu().isBlank());
    }
}
