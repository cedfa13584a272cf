#!/usr/bin/env bash
# Balsam cluster on one machine: two or more balsam-silo processes with ADO.NET clustering on one managed PostgreSQL.
# Silo 1 starts (or adopts) the managed PostgreSQL of the Balsam home; the others join it (--join-managed-postgres).
# Every silo adds its gateway to $BALSAM_HOME/service.json as it starts and removes it as it stops, so clients on the
# machine are given all gateways and fail over when a silo dies.
set -euo pipefail

usage() {
    cat <<'USAGE'
Usage: deploy/cluster.sh start [--silos N] [--home DIR] [--base-port P] [--cluster-id ID] [--probe-timeout-sec S]
                               [--missed-probes-limit N] [--skip-build]
       deploy/cluster.sh stop [--home DIR] [--grace SEC]
       deploy/cluster.sh status [--home DIR]

  --silos N              number of silos (default 2, at least 2)
  --home DIR             Balsam home: managed PostgreSQL, service.json, logs/, cluster/ (default: $BALSAM_HOME or ~/.balsam)
  --base-port P          silo i (1..N) gets gateway port P+i-1, silo port P+100+i-1, dashboard port P+200+i-1
                         (default 30000)
  --cluster-id ID        Orleans cluster id (default balsam)
  --probe-timeout-sec S  liveness probe timeout between silos (silo default 5)
  --missed-probes-limit N  missed probes before a silo is suspected (silo default 3)
  --grace SEC            stop: seconds between SIGTERM and SIGKILL (default 30)
  --skip-build           start: do not build when balsam-silo.dll is missing

Pids are kept in <home>/cluster/silo-<i>.pid (with the ports in silo-<i>.ports), logs in <home>/logs/silo-<i>.log.
stop stops silos N..2 first and silo 1, which owns the managed PostgreSQL, last.
USAGE
}

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SILO_DLL="$ROOT/Balsam.Silo/bin/Release/net10.0/balsam-silo.dll"
COMMAND="${1:-}"
[ $# -gt 0 ] && shift
HOME_DIR="${BALSAM_HOME:-$HOME/.balsam}"
SILOS=2
BASE_PORT=30000
CLUSTER_ID=balsam
GRACE=30
BUILD=1
EXTRA=()

while (($#)); do
    case "$1" in
        --silos) SILOS="$2"; shift 2 ;;
        --home) HOME_DIR="$2"; shift 2 ;;
        --base-port) BASE_PORT="$2"; shift 2 ;;
        --cluster-id) CLUSTER_ID="$2"; shift 2 ;;
        --probe-timeout-sec) EXTRA+=(--probe-timeout-sec "$2"); shift 2 ;;
        --missed-probes-limit) EXTRA+=(--missed-probes-limit "$2"); shift 2 ;;
        --grace) GRACE="$2"; shift 2 ;;
        --skip-build) BUILD=0; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "cluster: unknown option '$1'" >&2; usage >&2; exit 2 ;;
    esac
done

die() { printf 'cluster: %s\n' "$*" >&2; exit 1; }
say() { printf '==> %s\n' "$*"; }
pid_alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }

mkdir -p "$HOME_DIR"
BALSAM_HOME="$(cd "$HOME_DIR" && pwd)"
export BALSAM_HOME
STATE_DIR="$BALSAM_HOME/cluster"
LOG_DIR="$BALSAM_HOME/logs"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

pid_of() { [ -f "$STATE_DIR/silo-$1.pid" ] && cat "$STATE_DIR/silo-$1.pid" || true; }
# The silo numbers with a pid file, highest first.
known_silos() {
    ls "$STATE_DIR"/silo-*.pid 2>/dev/null | sed -E 's/.*silo-([0-9]+)\.pid/\1/' | sort -rn || true
}
dashboard_port_of() { sed -n 's/^dashboard=//p' "$STATE_DIR/silo-$1.ports" 2>/dev/null || true; }
gateway_port_of() { sed -n 's/^gateway=//p' "$STATE_DIR/silo-$1.ports" 2>/dev/null || true; }

healthy() { # silo number
    local port
    port="$(dashboard_port_of "$1")"
    [ -n "$port" ] && curl -fsS -m 2 "http://127.0.0.1:$port/health" >/dev/null 2>&1
}

wait_healthy() { # silo number, timeout seconds
    local i="$1" deadline=$((SECONDS + $2)) pid
    pid="$(pid_of "$i")"
    until healthy "$i"; do
        if ! pid_alive "$pid"; then
            tail -n 30 "$LOG_DIR/silo-$i.log" >&2 || true
            die "silo $i exited before it was healthy (log: $LOG_DIR/silo-$i.log)"
        fi
        ((SECONDS < deadline)) || die "silo $i was not healthy after $2 s (log: $LOG_DIR/silo-$i.log)"
        sleep 0.3
    done
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start_silo() { # silo number
    local i="$1" gateway silo dashboard args
    gateway=$((BASE_PORT + i - 1))
    silo=$((BASE_PORT + 100 + i - 1))
    dashboard=$((BASE_PORT + 200 + i - 1))
    for port in "$gateway" "$silo" "$dashboard"; do
        port_free "$port" || die "port $port (silo $i) is in use: choose another --base-port"
    done
    args=(--clustering adonet --cluster-id "$CLUSTER_ID" --gateway-port "$gateway" --silo-port "$silo" --dashboard-port "$dashboard")
    if ((i > 1)); then
        args+=(--join-managed-postgres true)
    fi
    printf 'gateway=%s\nsilo=%s\ndashboard=%s\n' "$gateway" "$silo" "$dashboard" >"$STATE_DIR/silo-$i.ports"
    # setsid: the silo outlives this shell and gets no terminal signals meant for it.
    setsid dotnet "$SILO_DLL" "${args[@]}" "${EXTRA[@]}" >>"$LOG_DIR/silo-$i.log" 2>&1 </dev/null &
    echo $! >"$STATE_DIR/silo-$i.pid"
    say "silo $i: pid $!, gateway 127.0.0.1:$gateway, silo port $silo, dashboard http://127.0.0.1:$dashboard/dashboard"
}

stop_silos() { # silo numbers, stopped together
    local pids=() i pid deadline
    for i in "$@"; do
        pid="$(pid_of "$i")"
        if pid_alive "$pid"; then
            kill -TERM "$pid" 2>/dev/null || true
            pids+=("$i:$pid")
        fi
    done
    deadline=$((SECONDS + GRACE))
    for entry in "${pids[@]}"; do
        i="${entry%%:*}"
        pid="${entry#*:}"
        while pid_alive "$pid" && ((SECONDS < deadline)); do sleep 0.2; done
        if pid_alive "$pid"; then
            echo "cluster: silo $i (pid $pid) did not stop within $GRACE s; killing it" >&2
            kill -KILL "$pid" 2>/dev/null || true
        else
            say "silo $i (pid $pid) stopped"
        fi
    done
    for i in "$@"; do
        rm -f "$STATE_DIR/silo-$i.pid" "$STATE_DIR/silo-$i.ports"
    done
}

case "$COMMAND" in
    start)
        [[ "$SILOS" =~ ^[0-9]+$ ]] && ((SILOS >= 2)) || die "--silos must be a number of at least 2"
        [[ "$BASE_PORT" =~ ^[0-9]+$ ]] && ((BASE_PORT > 0 && BASE_PORT + 200 + SILOS <= 65535)) || die "--base-port is out of range"
        mkdir -p "$STATE_DIR" "$LOG_DIR"
        for i in $(known_silos); do
            pid_alive "$(pid_of "$i")" && die "silo $i of $BALSAM_HOME still runs (pid $(pid_of "$i")): run deploy/cluster.sh stop first"
            rm -f "$STATE_DIR/silo-$i.pid" "$STATE_DIR/silo-$i.ports"
        done
        if [ ! -f "$SILO_DLL" ]; then
            ((BUILD)) || die "$SILO_DLL is missing; build with: dotnet build $ROOT/Balsam.sln -c Release"
            say "building"
            dotnet build "$ROOT/Balsam.sln" -c Release -v quiet -nologo >/dev/null
        fi
        command -v curl >/dev/null || die "curl is needed to check the silos' health"
        start_silo 1 # starts or adopts the managed PostgreSQL of the home
        wait_healthy 1 120
        for ((i = 2; i <= SILOS; i++)); do
            start_silo "$i"
        done
        for ((i = 2; i <= SILOS; i++)); do
            wait_healthy "$i" 120
        done
        say "$SILOS silos are healthy; clients on this machine find them through $BALSAM_HOME/service.json:"
        cat "$BALSAM_HOME/service.json"
        echo
        ;;
    stop)
        silos=($(known_silos))
        ((${#silos[@]})) || { say "no cluster silos are recorded under $STATE_DIR"; exit 0; }
        others=()
        for i in "${silos[@]}"; do ((i != 1)) && others+=("$i"); done
        ((${#others[@]})) && stop_silos "${others[@]}"
        # Silo 1 owns the managed PostgreSQL: stopped last, it stops the database after the others are gone.
        silo1="$(pid_of 1)"
        if pid_alive "$silo1"; then
            stop_silos 1
        else
            rm -f "$STATE_DIR/silo-1.pid" "$STATE_DIR/silo-1.ports"
            # Silo 1 died without stopping its PostgreSQL: stop the server (SIGINT is PostgreSQL's fast shutdown).
            postmaster="$(head -n 1 "$BALSAM_HOME/postgres/postmaster.pid" 2>/dev/null || true)"
            if pid_alive "$postmaster"; then
                say "silo 1 is gone; stopping its managed PostgreSQL (pid $postmaster)"
                kill -INT "$postmaster" 2>/dev/null || true
                deadline=$((SECONDS + GRACE))
                while pid_alive "$postmaster" && ((SECONDS < deadline)); do sleep 0.2; done
            fi
        fi
        ;;
    status)
        silos=($(known_silos))
        ((${#silos[@]})) || { echo "no cluster silos are recorded under $STATE_DIR"; exit 3; }
        down=0
        for i in $(printf '%s\n' "${silos[@]}" | sort -n); do
            pid="$(pid_of "$i")"
            if ! pid_alive "$pid"; then
                state="not running"; down=1
            elif healthy "$i"; then
                state="healthy"
            else
                state="running, not answering"; down=1
            fi
            printf 'silo %s: pid %s, gateway 127.0.0.1:%s, %s\n' "$i" "$pid" "$(gateway_port_of "$i")" "$state"
        done
        exit "$down"
        ;;
    -h|--help|help) usage ;;
    *) usage >&2; exit 2 ;;
esac
