package org.presencegw.xmpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.presencegw.xmpp.testing.EjabberdServer;
import org.presencegw.xmpp.testing.JulBridge;
import org.presencegw.xmpp.testing.XmppTestClient;

/** What is particular to the ejabberd fixture: the process it signals, its children, ejabberdctl. */
class EjabberdServerIT {
    @BeforeAll
    static void logging() {
        JulBridge.install();
    }

    @Test
    void pid_isTheBeamVm_andKillLeavesNoChildBehind() {
        try (EjabberdServer ejabberd = EjabberdServer.startDefault()) {
            ProcessHandle vm = ProcessHandle.of(ejabberd.pid()).orElseThrow();
            assertTrue(vm.info().command().orElse("").endsWith("beam.smp"), vm.info().toString());
            List<ProcessHandle> children = vm.descendants().toList();
            assertFalse(children.isEmpty(), "erl_child_setup expected");

            ejabberd.kill();
            assertFalse(vm.isAlive());
            children.forEach(child -> assertTrue(exited(child), "child " + child.pid() + " still running"));
        }
    }

    @Test
    void ejabberdctl_reachesThePrivateNodeThroughItsOwnCfg() {
        try (EjabberdServer ejabberd = EjabberdServer.startDefault()) {
            ejabberd.createAccount("alice", "pw");
            String out = ejabberd.ctl("registered_users", "jabber.test");
            assertEquals(List.of("alice"), out.lines().toList());
        }
    }

    /** Gone, or a zombie waiting for init to reap it (isAlive() is still true for those). */
    private static boolean exited(ProcessHandle process) {
        try {
            String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) == 'Z';
        } catch (IOException e) {
            return true;
        }
    }
}
