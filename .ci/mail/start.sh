#!/usr/bin/env bash
# Starts real mail servers for the email tests on local ports: Dovecot (IMAP, and LMTP for deliveries) and
# Postfix (SMTP, delivering to Dovecot). Installs them from Debian's packages when missing. Safe to run again:
# it rewrites the configuration and restarts both. Prints the CIVICHUB_TEST_MAIL value the tests read.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
state=${CIVICHUB_MAIL_STATE:-/var/lib/civichub-mail}
imap_port=10143 lmtp_port=10024 smtp_port=10025
password=civichub-mail-test

if ! command -v dovecot >/dev/null || ! [ -x /usr/lib/dovecot/lmtp ] || ! [ -x /usr/sbin/postfix ]; then
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dovecot-imapd dovecot-lmtpd postfix >/dev/null
fi

mkdir -p "$state"/dovecot/run "$state"/dovecot/state "$state"/mailboxes "$state"/postfix/etc "$state"/postfix/queue "$state"/postfix/data
chown mail:mail "$state"/mailboxes
chown postfix "$state"/postfix/data
render() {
  sed -e "s|@STATE@|$state|g" -e "s|@IMAP_PORT@|$imap_port|g" -e "s|@LMTP_PORT@|$lmtp_port|g" \
      -e "s|@SMTP_PORT@|$smtp_port|g" -e "s|@PASSWORD@|$password|g" "$here/$1" > "$2"
}
render dovecot.conf "$state/dovecot.conf"
render main.cf "$state/postfix/etc/main.cf"
render master.cf "$state/postfix/etc/master.cf"
render transport "$state/postfix/etc/transport"

# Dovecot: restart with the configuration just written. The daemons get no stdio of ours, or a caller reading
# this script's output through a pipe would wait for them forever.
dovecot -c "$state/dovecot.conf" stop >/dev/null 2>&1 || true
for _ in $(seq 1 50); do [ -e "$state/dovecot/run/master.pid" ] || break; sleep 0.1; done
# The mailboxes of earlier runs are of no use to anyone: every test makes addresses of its own.
find "$state/mailboxes" -mindepth 1 -delete
dovecot -c "$state/dovecot.conf" </dev/null >/dev/null 2>&1

# Postfix: an instance of its own, beside whatever the machine's default instance does.
postfix -c "$state/postfix/etc" stop >/dev/null 2>&1 || true
postfix -c "$state/postfix/etc" set-permissions >/dev/null 2>&1 || true
postfix -c "$state/postfix/etc" start </dev/null >/dev/null 2>&1

wait_for() {
  for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "Nothing listens on port $1 ($2); see the logs under $state" >&2
  return 1
}
wait_for "$imap_port" dovecot
wait_for "$smtp_port" postfix

echo "ImapHost=127.0.0.1;ImapPort=$imap_port;SmtpHost=127.0.0.1;SmtpPort=$smtp_port;Domain=civichub.test;Password=$password"
