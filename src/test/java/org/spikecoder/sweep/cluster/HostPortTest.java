package org.spikecoder.sweep.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.spikecoder.SpikecoderException;

class HostPortTest {
    @Test
    void parsesHostsIpsAndBracketedIpv6() {
        assertEquals(new HostPort("10.0.0.5", 5701), HostPort.parse("10.0.0.5:5701", "--listen"));
        assertEquals(new HostPort("gpu-1.lab", 5702), HostPort.parse(" gpu-1.lab:5702 ", "--listen"));
        assertEquals(new HostPort("::1", 5701), HostPort.parse("[::1]:5701", "--listen"));
        assertEquals("[::1]:5701", new HostPort("::1", 5701).toString());
        assertEquals(List.of(new HostPort("a", 1), new HostPort("b", 2)), HostPort.parseList("a:1,b:2", "--members"));
    }

    @Test
    void badAddressesNameTheOptionAndTheText() {
        for (String bad : new String[] {"nohost", ":5701", "host:", "host:http", "host:0", "host:65536", "::1:5701"}) {
            SpikecoderException e = assertThrows(SpikecoderException.class, () -> HostPort.parse(bad, "--listen"));
            assertTrue(e.getMessage().startsWith("--listen " + bad + ": "), e.getMessage());
        }
        SpikecoderException e = assertThrows(SpikecoderException.class,
                () -> HostPort.parseList("a:1,,b:2", "--members"));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
        e = assertThrows(SpikecoderException.class,
                () -> new HostPort("no-such-host.invalid", 5701).resolvedIp("--listen"));
        assertTrue(e.getMessage().contains("unknown host no-such-host.invalid"), e.getMessage());
    }

    @Test
    void aPointIdIsItsNameAndAHashOfEveryOption() {
        PointSpec a = PointSpec.of("leak-0", List.of("train-ae", "--leak", "0"), "dev");
        assertEquals(a, PointSpec.of("leak-0", List.of("train-ae", "--leak", "0"), "dev"));
        assertTrue(a.id().matches("leak-0-[0-9a-f]{12}"), a.id());
        assertNotEquals(a.id(), PointSpec.of("leak-0", List.of("train-ae", "--leak", "0", "--hidden", "8"), "dev")
                .id());
        assertNotEquals(PointSpec.hash(List.of("--a b")), PointSpec.hash(List.of("--a", "b")));
    }
}
