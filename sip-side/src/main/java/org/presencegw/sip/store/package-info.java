/**
 * The SIP side's durable state as plain rows ({@link org.presencegw.sip.store.SubscriptionRow},
 * {@link org.presencegw.sip.store.BindingRow}, {@link org.presencegw.sip.store.PublicationRow}) and the store
 * interface they go through ({@link org.presencegw.sip.store.SipStateStore}). The JDBC implementations (embedded and
 * PostgreSQL) live in the gateway module, which knows the configuration; sip-side knows only this interface.
 */
package org.presencegw.sip.store;
