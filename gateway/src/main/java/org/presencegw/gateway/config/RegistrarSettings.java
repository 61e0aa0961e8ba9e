package org.presencegw.gateway.config;

/**
 * The optional {@code registrar:} section.
 *
 * @param allowUnknownUsers {@code allow_unknown_users}: whether SIP users without an account mapping may REGISTER
 *                          and PUBLISH in registrar domains (default false: 403)
 */
public record RegistrarSettings(boolean allowUnknownUsers) {
    public static final RegistrarSettings DEFAULTS = new RegistrarSettings(false);
}
