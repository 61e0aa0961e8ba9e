# bench/login.sh -- sourced by bench/run: the `login` section (issue 11). Needs bench/run's helpers (log, kv,
# problem, gw_start, gw_stop, mem_of, kill_pid, freeport) and variables (OUT, DOMAIN, LOGIN_N, XMPP_PORT, PROSODY_PID).
#
# For each server in LOGIN_SERVERS ["prosody ejabberd"]: a gateway with LOGIN_N mapped accounts (userN@jabber.test)
# plus the bridge gw1 starts cold; measured: time from launch until every account logged "online", the peak thread
# count while they log in (sampled every 0.25 s), RSS and threads 1 s after. Then the XMPP server is stopped
# (SIGTERM) and started again: time from its restart until every account is online again, the peak threads, and the
# most accounts that came online in any one second (the gateway paces logins at xmpp.logins_per_second, default
# 200, with a jittered backoff from reconnect_delay: no storm).

EJ_DIR=$OUT/ejabberd
EJ_PORT= EJ_DIST= EJ_API= EJ_PID=

prosody_restart() { # SIGTERM, then the same command again on the same data and port
  kill_pid "$PROSODY_PID" 10
  prosody --config "$PDIR/prosody.cfg.lua" -F >> "$PDIR/prosody.out" 2>&1 &
  PROSODY_PID=$!
  local i; for i in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$XMPP_PORT") 2>/dev/null && return 0; sleep 0.1; done
  problem "prosody did not come back"; return 1
}
prosody_stop() { kill_pid "$PROSODY_PID" 10; }
prosody_start() { prosody_restart; }

ejabberd_start() { # a private node as the test fixture runs it (EjabberdLaunch): erl is our child, no epmd
  mkdir -p "$EJ_DIR/spool" "$EJ_DIR/logs"
  if [ -z "$EJ_PORT" ]; then
    EJ_PORT=$(freeport); EJ_DIST=$(freeport); EJ_API=$(freeport)
    head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$EJ_DIR/.erlang.cookie"; chmod 400 "$EJ_DIR/.erlang.cookie"
    cat > "$EJ_DIR/ejabberd.yml" <<YML
hosts:
  - $DOMAIN
loglevel: warning
log_rotate_count: 0
listen:
  -
    port: $EJ_PORT
    ip: "127.0.0.1"
    module: ejabberd_c2s
    max_stanza_size: 262144
    starttls: false
auth_method: internal
auth_password_format: ${EJ_PWFORMAT:-scram}
s2s_access: none
access_rules:
  c2s:
    allow: all
modules:
  mod_admin_extra: {}
  mod_caps: {}
  mod_disco: {}
  mod_last: {}
  mod_offline: {}
  mod_ping: {}
  mod_roster:
    versioning: true
  mod_stream_mgmt:
    resend_on_timeout: if_offline
YML
  fi
  local libs; libs=$(sed -n "s/^ERL_LIBS='\([^']*\)'.*/\1/p" /usr/sbin/ejabberdctl)
  ( cd "$EJ_DIR/spool" && exec env -u ERL_FLAGS -u ERL_AFLAGS -u ERL_ZFLAGS HOME="$EJ_DIR" ERL_LIBS="$libs" \
      EJABBERD_CONFIG_PATH="$EJ_DIR/ejabberd.yml" EJABBERD_LOG_PATH="$EJ_DIR/logs/ejabberd.log" \
      ERL_CRASH_DUMP="$EJ_DIR/logs/erl_crash.dump" ERL_EPMD_ADDRESS=127.0.0.1 \
      erl -sname ejabberd@localhost -noinput -env ERL_CRASH_DUMP_BYTES 0 -start_epmd false -erl_epmd_port "$EJ_DIST" \
      -kernel inet_dist_use_interface '{127,0,0,1}' -mnesia dir "\"$EJ_DIR/spool\"" -s ejabberd ) \
      >> "$EJ_DIR/logs/stdout.log" 2>&1 &
  EJ_PID=$!
  local i; for i in $(seq 1 300); do (exec 3<>"/dev/tcp/127.0.0.1/$EJ_PORT") 2>/dev/null && return 0; sleep 0.1; done
  problem "ejabberd did not start (see $EJ_DIR/logs)"; return 1
}
ejabberd_stop() { kill_pid "$EJ_PID" 20; EJ_PID=; }
ejabberd_eval() { HOME="$EJ_DIR" erl_call -address "127.0.0.1:$EJ_DIST" -timeout 300 -e <<< "$1"; }
ejabberd_populate() { # user1..N (pw "pw") and gw1 with every user as "both" contact, as the Prosody setup
  local n=$1 out i
  for i in $(seq 1 60); do # the node answers before its caches are up: retry (registering twice is harmless)
  out=$(ejabberd_eval "H = <<\"$DOMAIN\">>, U = fun(I) -> list_to_binary(\"user\" ++ integer_to_list(I)) end,
    [ejabberd_auth:try_register(U(I), H, <<\"pw\">>) || I <- lists:seq(1, $n)],
    ejabberd_auth:try_register(<<\"gw1\">>, H, <<\"pw\">>),
    [begin mod_admin_extra:add_rosteritem(<<\"gw1\">>, H, U(I), H, U(I), <<\"Bench\">>, <<\"both\">>),
           mod_admin_extra:add_rosteritem(U(I), H, <<\"gw1\">>, H, <<\"gw1\">>, <<\"Bench\">>, <<\"both\">>) end
     || I <- lists:seq(1, $n)],
    mnesia:sync_log(), populated.")
  echo "$out" | grep -q populated && return 0
  sleep 0.5
  done
  problem "ejabberd accounts: $(echo "$out" | head -c 300)"; return 1
}

login_count() { grep -c ": online, " "$GW_LOG" 2>/dev/null; }
cpu_secs() { # pid -> user+system CPU seconds the process has used so far (all its threads)
  awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); printf "%.2f\n", ($12 + $13) / hz }' "/proc/$1/stat" 2>/dev/null || echo 0
}
srv_pid() { if [ "$1" = ejabberd ]; then echo "$EJ_PID"; else echo "$PROSODY_PID"; fi; }
# Epoch seconds of the Nth ": online, " line of the gateway log from line $1 on, from the line's own time stamp
# (HH:MM:SS.mmm, the machine's time zone like the JVM's): gw_start returns 3 s after the bridge is online and the
# polling below adds up to 0.25 s, so the poll's own clock overstated the time by up to 3.25 s (session 7).
online_at() { # from-line n
  local ts e; ts=$(tail -n +"$1" "$GW_LOG" | grep ": online, " | sed -n "$2{p;q}" | cut -c1-12)
  [ -n "$ts" ] || return 0
  e=$(date -d "$(date +%F) $ts" +%s.%N)
  # a line from before midnight, read after it, is yesterday's
  awk -v e="$e" -v now="$(date +%s)" 'BEGIN { if (e > now + 60) e -= 86400; printf "%.3f\n", e }'
}
login_peak_per_second() { # log from line $1 on: most "online" lines in one second
  tail -n +"$1" "$GW_LOG" | grep ": online, " | cut -c1-8 | sort | uniq -c | sort -rn | awk 'NR==1{print $1+0} END{if(!NR) print 0}'
}

login_on() { # server: prosody | ejabberd
  local srv=$1 port i t1= n peak=0 thr m
  if [ "$srv" = ejabberd ]; then
    ejabberd_start || return 1
    local t0; t0=$(date +%s.%N)
    ejabberd_populate "$LOGIN_N" || { ejabberd_stop; return 1; }
    log "ejabberd pid $EJ_PID on 127.0.0.1:$EJ_PORT: $LOGIN_N accounts + gw1 hub roster in $(echo "$t0 $(date +%s.%N)" | awk '{printf "%.1f", $2-$1}') s"
    port=$EJ_PORT
  else
    port=$XMPP_PORT
  fi
  local saved=$XMPP_PORT; XMPP_PORT=$port
  gw_stop
  local scpu0 scpu gcpu; scpu0=$(cpu_secs "$(srv_pid "$srv")")
  gw_start "$LOGIN_N" || true
  for i in $(seq 1 1200); do
    thr=$(awk '/^Threads:/{print $2}' "/proc/$GW_PID/status" 2>/dev/null); [ "${thr:-0}" -gt "$peak" ] && peak=$thr
    n=$(login_count); [ "$n" -ge $((LOGIN_N+1)) ] && { t1=$(online_at 1 $((LOGIN_N+1))); break; }
    kill -0 "$GW_PID" 2>/dev/null || break; sleep 0.25
  done
  # CPU used by the gateway (since launch) and by the XMPP server (since the gateway's launch) until all were online
  # (read up to 0.25 s after that, plus gw_start's 3 s wait if the bridge came last: an upper bound)
  gcpu=$(cpu_secs "$GW_PID"); scpu=$(echo "$scpu0 $(cpu_secs "$(srv_pid "$srv")")" | awk '{printf "%.2f", $2-$1}')
  local secs=-; [ -n "$t1" ] && secs=$(echo "$GW_T0 $t1" | awk '{printf "%.1f", $2-$1}')
  sleep 1; m=$(mem_of "$GW_PID")
  kv gw "login.$srv" "$secs $(login_count) $m $peak"
  kv gw "login.$srv.cpu" "$gcpu $scpu"
  log "gw cold start on $srv, $LOGIN_N mapped accounts (+ bridge): all online after $secs s; peak $peak threads; after: RSS/PSS MiB, threads: $m; CPU s until then: gateway $gcpu, $srv $scpu"
  [ "$secs" != - ] || problem "gw login on $srv: only $(login_count) accounts online"

  # restart of the XMPP server: every account drops and comes back, paced
  local mark lost t2 t3= back=0 rpeak=0
  "${srv}_stop"
  for i in $(seq 1 200); do [ "$(grep -c ': offline (' "$GW_LOG")" -ge $((LOGIN_N+1)) ] && break; sleep 0.1; done
  mark=$(($(wc -l < "$GW_LOG") + 1)); lost=$(grep -c ': offline (' "$GW_LOG")
  "${srv}_start" || { XMPP_PORT=$saved; return 1; }
  t2=$(date +%s.%N)
  for i in $(seq 1 1200); do
    thr=$(awk '/^Threads:/{print $2}' "/proc/$GW_PID/status" 2>/dev/null); [ "${thr:-0}" -gt "$rpeak" ] && rpeak=$thr
    back=$(tail -n +"$mark" "$GW_LOG" | grep -c ": online, "); [ "$back" -ge $((LOGIN_N+1)) ] && { t3=$(online_at "$mark" $((LOGIN_N+1))); break; }
    kill -0 "$GW_PID" 2>/dev/null || break; sleep 0.25
  done
  local rsecs=-; [ -n "$t3" ] && rsecs=$(echo "$t2 $t3" | awk '{printf "%.1f", $2-$1}')
  local rate; rate=$(login_peak_per_second "$mark")
  kv gw "relogin.$srv" "$rsecs $back $lost $rpeak $rate"
  log "gw after a $srv restart: $lost accounts had dropped; all $back online again $rsecs s after the restart; peak $rpeak threads; at most $rate came online in one second"
  [ "$rsecs" != - ] || problem "gw re-login after $srv restart: only $back accounts back online"
  gw_stop
  XMPP_PORT=$saved
  [ "$srv" = ejabberd ] && ejabberd_stop
  return 0
}
