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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What is particular to the ejabberd fixture: the process it signals, no epmd, ejabberdctl, timings. */
class EjabberdServerIT {
    private static final Logger LOG = LoggerFactory.getLogger(EjabberdServerIT.class);

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

    @Test
    void timings_startRestartAccountsStop() {
        long t0 = System.nanoTime();
        Path dir;
        try (EjabberdServer ejabberd = EjabberdServer.startDefault()) {
            dir = ejabberd.directory();
            long started = System.nanoTime();
            for (int i = 0; i < 20; i++) {
                ejabberd.createAccount("user" + i, "pw");
            }
            long accounts = System.nanoTime();
            for (int i = 0; i < 20; i += 2) {
                ejabberd.makeMutualContacts("user" + i, "user" + (i + 1));
            }
            long contacts = System.nanoTime();
            ejabberd.stop();
            long stopped = System.nanoTime();
            ejabberd.start();
            long restarted = System.nanoTime();
            ejabberd.kill();
            long killed = System.nanoTime();
            try (XmppTestClient ignored = restartAndLogin(ejabberd)) {
                LOG.info("ejabberd timings: first start {} ms, 20 accounts {} ms, 10 mutual pairs {} ms, stop {} ms,"
                                + " restart {} ms, kill {} ms", ms(started - t0), ms(accounts - started),
                        ms(contacts - accounts), ms(stopped - contacts), ms(restarted - stopped),
                        ms(killed - restarted));
            }
        }
        assertFalse(Files.exists(dir), "temp dir deleted by close()");
    }

    private static XmppTestClient restartAndLogin(EjabberdServer ejabberd) {
        ejabberd.start();
        return XmppTestClient.login(ejabberd, "user0", "pw", "r1");
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

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }
}
