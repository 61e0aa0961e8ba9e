-- Prosody for docker-compose.yml: one virtual host, c2s only. Put real certificates in /etc/prosody/certs.
admins = { }
modules_enabled = { "roster"; "saslauth"; "tls"; "disco"; "presence"; "ping"; "admin_shell"; }
modules_disabled = { "s2s"; }
c2s_require_encryption = true
allow_registration = false
authentication = "internal_hashed"
log = { info = "*console" }
VirtualHost "jabber.example.com"
