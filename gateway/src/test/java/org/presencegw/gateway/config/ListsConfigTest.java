package org.presencegw.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.presencegw.gateway.config.ConfigFixtures.BASE;
import static org.presencegw.gateway.config.ConfigFixtures.assertProblem;
import static org.presencegw.gateway.config.ConfigFixtures.failure;
import static org.presencegw.gateway.config.ConfigFixtures.load;

import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resource lists: the {@code roster} domain source and the optional {@code lists:} section. */
class ListsConfigTest {
    @TempDir
    Path dir;

    private static final String WITH_LISTS = BASE.replace("  sip.example.com: registrar\n",
            "  sip.example.com: registrar\n  lists.example.com: roster\n");

    @Test
    @DisplayName("RLS-07")
    void rosterDomain_accepted_listsDefaultTo200Members() throws Exception {
        GatewayConfig c = load(dir, WITH_LISTS);
        assertEquals(GatewayConfig.SOURCE_ROSTER, c.domains().get("lists.example.com"));
        assertEquals(ListSettings.DEFAULTS, c.lists());
        assertEquals(200, c.lists().maxMembers());
    }

    @Test
    @DisplayName("RLS-07")
    void listsSection_maxMembers() throws Exception {
        assertEquals(new ListSettings(50), load(dir, WITH_LISTS + "lists:\n  max_members: 50\n").lists());
    }

    @Test
    void listsSection_unknownKey_oneLineError() {
        assertProblem(failure(dir, WITH_LISTS + "lists:\n  max_member: 50\n"), 16,
                "unknown key 'max_member' in lists (did you mean 'max_members'?)");
    }

    @Test
    void listsSection_outOfRange_oneLineError() {
        assertProblem(failure(dir, WITH_LISTS + "lists:\n  max_members: 0\n"), 16,
                "lists.max_members: 0 is out of range (1..10000)");
    }

    @Test
    void unknownSource_namesRoster() {
        assertProblem(failure(dir, BASE.replace("sip.example.com: registrar", "sip.example.com: rosters")), 6,
                "unknown presence source 'rosters' for domain sip.example.com (expected jabber, registrar or roster)");
    }

    @Test
    void rosterDomain_withoutXmppSection_oneLineError() {
        String yaml = """
                sip:
                  listen: 127.0.0.1
                domains:
                  sip.example.com: registrar
                  lists.example.com: roster
                """;
        assertProblem(failure(dir, yaml), 5, "domain lists.example.com uses the roster source, which needs an xmpp: "
                + "section (host, domain)");
    }
}
