package org.presencegw.gateway.config;

/**
 * The {@code lists:} section (optional): resource lists from roster groups (RFC 4662, a domain whose source is
 * {@value GatewayConfig#SOURCE_ROSTER}).
 *
 * @param maxMembers at most this many members per list: the first ones in JID order ({@code max_members}, default
 *                   {@value #DEFAULT_MAX_MEMBERS}, 1 to {@value #MAX_MAX_MEMBERS})
 */
public record ListSettings(int maxMembers) {
    public static final int DEFAULT_MAX_MEMBERS = 200;
    public static final int MAX_MAX_MEMBERS = 10_000;
    public static final ListSettings DEFAULTS = new ListSettings(DEFAULT_MAX_MEMBERS);

    public ListSettings {
        if (maxMembers < 1 || maxMembers > MAX_MAX_MEMBERS) {
            throw new IllegalArgumentException("max_members " + maxMembers);
        }
    }

    /** {@code lists: {max_members: N}}; unknown keys and values out of range are one-line errors. */
    static ListSettings parse(java.util.Optional<YamlSection> section) throws ConfigException {
        if (section.isEmpty()) {
            return DEFAULTS;
        }
        section.get().allowOnly(java.util.Set.of("max_members"));
        return new ListSettings(section.get().integer("max_members", DEFAULT_MAX_MEMBERS, 1, MAX_MAX_MEMBERS));
    }
}
