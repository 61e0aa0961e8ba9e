package org.presencegw.gateway.lists;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.jxmpp.jid.BareJid;
import org.presencegw.sip.api.SipAddress;
import org.presencegw.sip.api.ViewKey;
import org.presencegw.sip.model.ListMember;
import org.presencegw.sip.model.PresenceState;
import org.presencegw.xmpp.XmppAccount;

/**
 * One resource list as its watchers see it: a roster group (or the whole roster) of one mapped account, its members
 * in JID order, each with the jabber view it is watched through and that view's last state. Guarded by the
 * {@link RosterListSource}'s monitor.
 */
final class ListView {

    /** One member: the contact, its SIP URI, its watch on the jabber source (empty once that ended) and state. */
    static final class Member {
        final BareJid contact;
        final SipAddress uri;
        Optional<ViewKey> view;
        PresenceState state;

        Member(BareJid contact, SipAddress uri, Optional<ViewKey> view, PresenceState state) {
            this.contact = contact;
            this.uri = uri;
            this.view = view;
            this.state = state;
        }
    }

    final ViewKey key;
    final XmppAccount account;
    /** The roster group, or {@link RosterListSource#WHOLE_ROSTER}. */
    final String group;
    /** The SIP user whose watches these are (the members are watched as this watcher). */
    final SipAddress watcher;
    /** By the JID's string form: the list order (RLMI order, and the first {@code max_members} kept). */
    final TreeMap<String, Member> members = new TreeMap<>();
    int watchers;

    ListView(ViewKey key, XmppAccount account, String group, SipAddress watcher) {
        this.key = Objects.requireNonNull(key, "key");
        this.account = Objects.requireNonNull(account, "account");
        this.group = Objects.requireNonNull(group, "group");
        this.watcher = Objects.requireNonNull(watcher, "watcher");
    }

    /** Whether a roster item with these groups belongs to this list. */
    boolean includes(java.util.Set<String> groups) {
        return group.equals(RosterListSource.WHOLE_ROSTER) || groups.contains(group);
    }

    /** The full state of the list now. */
    PresenceState.ResourceList state() {
        List<ListMember> list = members.values().stream().map(m -> new ListMember(m.uri.uri(), m.state)).toList();
        return new PresenceState.ResourceList(list);
    }
}
