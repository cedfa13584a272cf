#!/usr/bin/env bash
# Balsam quickstart: from a machine with only the .NET 10 SDK, install what is missing, build, start a silo with
# its own PostgreSQL, create a demo site with two apps, list them, and stop the silo again.
# Safe to run again: the demo site folder is reused and the apps are re-registered (which replaces them).
set -euo pipefail

usage() {
    cat <<'EOF'
Usage: deploy/quickstart.sh [options]
  --home DIR            Balsam home: managed PostgreSQL data, service.json, logs (default: $BALSAM_HOME or ~/.balsam)
  --site-dir DIR        the demo site folder (default: <home>/quickstart/demo-site)
  --site-name NAME      the demo site name (default: quickstart-demo)
  --gateway-port N      silo gateway port (default: the first free port from 30000)
  --silo-port N         silo-to-silo port (default: the first free port from 11111)
  --dashboard-port N    dashboard HTTP port while the silo runs (default: 0, off)
  --job-wait-sec N      how long to wait for the demo jobs to end before ending the batch job (default: 300)
  --skip-build          use the existing Release build
  -h, --help            show this help
EOF
}

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HOME_DIR="${BALSAM_HOME:-$HOME/.balsam}"
SITE_DIR=""
SITE_NAME="quickstart-demo"
GATEWAY_PORT=""
SILO_PORT=""
DASHBOARD_PORT=0
BUILD=1
JOB_WAIT_SEC=300

while (($#)); do
    case "$1" in
        --home) HOME_DIR="$2"; shift 2 ;;
        --site-dir) SITE_DIR="$2"; shift 2 ;;
        --site-name) SITE_NAME="$2"; shift 2 ;;
        --gateway-port) GATEWAY_PORT="$2"; shift 2 ;;
        --silo-port) SILO_PORT="$2"; shift 2 ;;
        --dashboard-port) DASHBOARD_PORT="$2"; shift 2 ;;
        --job-wait-sec) JOB_WAIT_SEC="$2"; shift 2 ;;
        --skip-build) BUILD=0; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "quickstart: unknown option '$1'" >&2; usage >&2; exit 2 ;;
    esac
done

say() { printf '==> %s\n' "$*"; }
die() { printf 'quickstart: %s\n' "$*" >&2; exit 1; }

# Waits until every job tagged run=$1 is JOB_FINISHED or FAILED, saying how many are left now and then; gives up
# after $2 seconds with a message and returns 1.
wait_for_jobs() {
    local run="$1" limit="$2" deadline=$((SECONDS + $2)) total ended last=""
    while :; do
        total="$(balsam job ls --tag run="$run" --count 2>/dev/null || echo "?")"
        ended="$(balsam job ls --tag run="$run" --state JOB_FINISHED --state FAILED --count 2>/dev/null || echo "?")"
        if [ "$total" != "?" ] && [ "$ended" = "$total" ]; then
            echo "All $total jobs of run $run ended."
            return 0
        fi
        if [ "$ended/$total" != "$last" ]; then
            echo "  $ended of $total jobs ended"
            last="$ended/$total"
        fi
        if ((SECONDS >= deadline)); then
            echo "quickstart: after $limit s, $ended of $total jobs of run $run have ended; the others are listed below" >&2
            return 1
        fi
        sleep 1
    done
}

mkdir -p "$HOME_DIR"
BALSAM_HOME="$(cd "$HOME_DIR" && pwd)"
export BALSAM_HOME
SITE_DIR="${SITE_DIR:-$BALSAM_HOME/quickstart/demo-site}"
SERVICE_FILE="$BALSAM_HOME/service.json"
LOG_DIR="$BALSAM_HOME/logs"
SILO_LOG="$LOG_DIR/quickstart-silo.log"
SILO_DLL="$ROOT/Balsam.Silo/bin/Release/net10.0/balsam-silo.dll"
CLI_DLL="$ROOT/Balsam.Launcher/bin/Release/net10.0/balsam.dll"
QUICKSTART_DLL="$ROOT/deploy/examples/Quickstart/bin/Release/net10.0/Quickstart.dll"
SILO_PID=""
STARTED_AT=$SECONDS

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
# The CLI must find the silo this script starts through its service.json, not through variables set elsewhere.
unset BALSAM_GATEWAY BALSAM_CLUSTER_ID BALSAM_SERVICE_ID

balsam() { dotnet "$CLI_DLL" "$@"; }

port_is_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

first_free_port() {
    local port=$1
    while ! port_is_free "$port" || [ "$port" = "${2:-}" ]; do
        port=$((port + 1))
    done
    echo "$port"
}

pid_alive() { [ -n "$1" ] && kill -0 "$1" 2>/dev/null; }

stop_silo() {
    local pid=$1
    say "Stopping the silo (pid $pid) with SIGTERM; it stops its PostgreSQL too"
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 300); do
        pid_alive "$pid" || break
        sleep 0.2
    done
    if pid_alive "$pid"; then
        echo "quickstart: the silo did not stop within 60 s; killing it. Its PostgreSQL may still run:" >&2
        echo "  the next balsam-silo start adopts it, or stop it with pg_ctl -D $BALSAM_HOME/postgres stop" >&2
        kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
}

cleanup() {
    local status=$?
    if [ "$status" -ne 0 ]; then
        # A local batch job runs in its own session; end it with the script (its pid file is beside its script).
        for pid_file in "$SITE_DIR"/qsubmit/*.pid; do
            [ -f "$pid_file" ] && kill -TERM -- "-$(cut -d' ' -f1 "$pid_file")" 2>/dev/null || true
        done
    fi
    if [ -f "$SITE_DIR/log/agent.pid" ]; then
        kill -TERM "$(cat "$SITE_DIR/log/agent.pid")" 2>/dev/null || true
    fi
    if pid_alive "$SILO_PID"; then
        stop_silo "$SILO_PID"
    fi
    if [ "$status" -ne 0 ]; then
        echo "quickstart: failed (exit $status). Silo log: $SILO_LOG" >&2
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# 1. Prerequisites -------------------------------------------------------------------------------------------------
"$ROOT/deploy/install-prerequisites.sh"

# 2. Build ---------------------------------------------------------------------------------------------------------
mkdir -p "$LOG_DIR"
if ((BUILD)); then
    say "Building Balsam.sln (Release)"
    if ! { dotnet build "$ROOT/Balsam.sln" -c Release -nologo -v quiet &&
           dotnet build "$ROOT/deploy/examples/Quickstart" -c Release -nologo -v quiet; } >"$LOG_DIR/quickstart-build.log" 2>&1; then
        tail -n 40 "$LOG_DIR/quickstart-build.log" >&2
        die "the build failed (full log: $LOG_DIR/quickstart-build.log)"
    fi
fi
[ -f "$SILO_DLL" ] && [ -f "$CLI_DLL" ] && [ -f "$QUICKSTART_DLL" ] || die "no Release build found; run without --skip-build"

# 3. Silo ----------------------------------------------------------------------------------------------------------
if [ ! -f "$SITE_DIR/.balsam-site" ] && [ -d "$SITE_DIR" ] && [ -n "$(ls -A "$SITE_DIR")" ]; then
    die "$SITE_DIR is not empty and is not a site folder; choose another with --site-dir"
fi

existing_pid=""
if [ -f "$SERVICE_FILE" ]; then
    existing_pid="$(sed -n 's/.*"pid": *\([0-9]*\).*/\1/p' "$SERVICE_FILE")"
fi

if pid_alive "$existing_pid"; then
    say "A silo already runs for $BALSAM_HOME (pid $existing_pid); using it and leaving it running"
else
    if [ -n "$GATEWAY_PORT" ]; then
        port_is_free "$GATEWAY_PORT" || die "gateway port $GATEWAY_PORT is in use; choose another with --gateway-port"
    else
        GATEWAY_PORT="$(first_free_port 30000)"
    fi
    if [ -n "$SILO_PORT" ]; then
        port_is_free "$SILO_PORT" || die "silo port $SILO_PORT is in use; choose another with --silo-port"
    else
        SILO_PORT="$(first_free_port 11111 "$GATEWAY_PORT")"
    fi

    say "Starting balsam-silo (gateway 127.0.0.1:$GATEWAY_PORT, silo port $SILO_PORT, managed PostgreSQL in $BALSAM_HOME/postgres)"
    silo_started_at=$SECONDS
    dotnet "$SILO_DLL" --gateway-port "$GATEWAY_PORT" --silo-port "$SILO_PORT" --dashboard-port "$DASHBOARD_PORT" \
        >"$SILO_LOG" 2>&1 </dev/null &
    SILO_PID=$!

    for _ in $(seq 1 600); do
        pid_alive "$SILO_PID" || { tail -n 30 "$SILO_LOG" >&2; die "the silo exited during start-up"; }
        if grep -qs "\"pid\": $SILO_PID\b" "$SERVICE_FILE" && ! port_is_free "$GATEWAY_PORT"; then
            break
        fi
        sleep 0.2
    done
    grep -qs "\"pid\": $SILO_PID\b" "$SERVICE_FILE" || { tail -n 30 "$SILO_LOG" >&2; die "the silo was not ready within 120 s"; }
    say "Silo ready after $((SECONDS - silo_started_at)) s; the CLI finds it through $SERVICE_FILE"
fi

# 4. Demo site and apps --------------------------------------------------------------------------------------------
# Every call needs a login. The operator's user for this demo is the login name, with a random password kept
# owner-only in the Balsam home (on a shared service the operator runs balsam-silo user add instead).
QS_USER="$(id -un)"
if ! balsam whoami >/dev/null 2>&1; then
    PASSWORD_FILE="$BALSAM_HOME/quickstart/password"
    mkdir -p "$(dirname "$PASSWORD_FILE")"
    if [ ! -s "$PASSWORD_FILE" ]; then
        (umask 077 && head -c 24 /dev/urandom | base64 | tr -d '/+=' >"$PASSWORD_FILE")
        say "Adding user $QS_USER (password in $PASSWORD_FILE)"
        dotnet "$SILO_DLL" user add "$QS_USER" --password-stdin <"$PASSWORD_FILE" >/dev/null
    fi
    say "Logging in as $QS_USER"
    balsam login --user "$QS_USER" --password-stdin <"$PASSWORD_FILE"
fi

if [ -f "$SITE_DIR/.balsam-site" ]; then
    say "Reusing the demo site folder $SITE_DIR"
    balsam site init "$SITE_DIR"
else
    say "Creating the demo site '$SITE_NAME' in $SITE_DIR"
    if ! output="$(balsam site init "$SITE_DIR" --name "$SITE_NAME" 2>&1)"; then
        grep -q "A site named" <<<"$output" || { echo "$output" >&2; exit 1; }
        SITE_NAME="$SITE_NAME-$(date +%Y%m%d-%H%M%S)"
        say "The name is taken by an earlier site; using '$SITE_NAME'"
        output="$(balsam site init "$SITE_DIR" --name "$SITE_NAME")"
    fi
    echo "$output"
fi

cd "$SITE_DIR" # inside the site folder, app commands need no --site
say "Registering the app Hello"
balsam app add --name Hello --command 'echo Hello, {{ say_hello_to }}!' --description "Says hello"
say "Registering the app Sleeper (optional parameter 'seconds', default 1)"
balsam app add --name Sleeper --command 'sleep {{ seconds }} && echo "Slept {{ seconds }} s"' --param seconds=1 \
    --description "Sleeps a while"

say "balsam site ls"
balsam site ls
say "balsam app ls -v"
balsam app ls -v

say "Submitting jobs: Hello for 'world', and a chain of three Sleepers (each waits for the one before)"
run="$(date +%H%M%S)"
balsam job create --app Hello --workdir "quickstart-$run/hello" -p say_hello_to=world --tag run="$run"
parent=""
for i in 1 2 3; do
    line="$(balsam job create --app Sleeper --workdir "quickstart-$run/sleep-$i" -p seconds="$i" --tag run="$run" \
        ${parent:+--parent "$parent"})"
    echo "$line"
    parent="$(sed -n 's/^Created job \([0-9]*\).*/\1/p' <<<"$line")"
done
say "balsam job ls --tag run=$run   (runnable jobs wait in PREPROCESSED, children in AWAITING_PARENTS)"
balsam job ls --tag run="$run"

say "balsam site start   (the site agent: heartbeat, hooks and the scheduler service, in the background; log in log/agent.log)"
balsam site start
say "balsam queue submit -n 1 -t 10 -q local -A local -j mpi --tag run=$run   (a local batch job: the agent runs job-template.sh"
say "  as a background process here; its launcher runs this run's jobs)"
line="$(balsam queue submit -n 1 -t 10 -q local -A local -j mpi --tag run="$run")"
echo "$line"
batch_job="$(sed -n 's/^Created batch job \([0-9]*\).*/\1/p' <<<"$line")"
[ -n "$batch_job" ] || die "queue submit printed no batch job id"

say "The C# part (deploy/examples/Quickstart): sync Hello and VecNorm, submit them, await the results"
QUICKSTART_SITE="$SITE_NAME" QUICKSTART_RUN="$run" dotnet "$QUICKSTART_DLL"
say "balsam queue ls"
balsam queue ls
say "cat data/quickstart-$run/hello/job.out"
cat "data/quickstart-$run/hello/job.out"
say "Waiting (up to $JOB_WAIT_SEC s) until every job of run $run is JOB_FINISHED or FAILED (the Sleeper chain takes about 6 s)"
jobs_unfinished=""
if ! wait_for_jobs "$run" "$JOB_WAIT_SEC"; then
    jobs_unfinished=1
fi
say "balsam job ls --tag run=$run"
balsam job ls --tag run="$run"
say "balsam queue rm $batch_job   (the work is done: end the allocation now rather than after the launcher's idle time)"
balsam queue rm "$batch_job"
for _ in $(seq 1 300); do
    balsam queue ls --history 2>/dev/null | grep -Eq "(^|[^0-9])$batch_job[^0-9].*finished" && break
    sleep 0.2
done
say "balsam queue ls --history"
balsam queue ls --history
balsam site stop
cd "$ROOT"

# 5. Stop ----------------------------------------------------------------------------------------------------------
if [ -n "$SILO_PID" ]; then
    stop_silo "$SILO_PID"
    SILO_PID=""
    grep -q "Stopped the managed PostgreSQL" "$SILO_LOG" && say "Silo and PostgreSQL stopped"
fi

if [ -n "$jobs_unfinished" ]; then
    die "not every job of run $run ended within $JOB_WAIT_SEC s (see the listing above, and log/ in $SITE_DIR); pass --job-wait-sec N to wait longer"
fi
say "Quickstart finished in $((SECONDS - STARTED_AT)) s. Site folder: $SITE_DIR"
say "Run the service again with: dotnet $SILO_DLL   (options: --help)"
