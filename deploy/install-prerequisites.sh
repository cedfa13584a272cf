#!/usr/bin/env bash
# Installs what Balsam needs beyond the .NET 10 SDK, with apt-get (as root, or through sudo):
# the PostgreSQL server programs (initdb, pg_ctl), which the silo and the tests use to run a private PostgreSQL, and a
# font for the plots of `balsam report`, and rsync (the transfer service's rsync provider);
# with --for-tests also Chromium (the status page is tested in a real headless browser), MPICH and Open MPI (real mpiexec and mpirun runs;
# the MPICH launcher calls mpiexec.mpich, since installing Open MPI makes plain mpiexec Open MPI's)
# a single-node Slurm with munge (the Slurm scheduler plugin and the elastic queue are tested against it),
# and the OpenSSH server (the rsync provider is tested over ssh against an sshd the test starts on 127.0.0.1; nothing
# is started here).
# Does nothing when they are already there.
set -euo pipefail

say() { printf '==> %s\n' "$*"; }
die() { printf 'install-prerequisites: %s\n' "$*" >&2; exit 1; }

command -v dotnet >/dev/null || die "the .NET 10 SDK is required (dotnet not found on PATH): https://dot.net"

have_postgres() {
    local dir
    for dir in "$(dirname "$(command -v pg_ctl 2>/dev/null || echo /nonexistent/pg_ctl)")" /usr/lib/postgresql/*/bin; do
        [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && return 0
    done
    return 1
}

for_tests=false
[ "${1:-}" = "--for-tests" ] && for_tests=true

packages=()
if $for_tests; then
    command -v chromium >/dev/null || command -v chromium-browser >/dev/null || packages+=(chromium)
    command -v mpiexec.mpich >/dev/null || packages+=(mpich)
    command -v mpirun.openmpi >/dev/null || packages+=(openmpi-bin)
    [ -x /usr/sbin/slurmctld ] && [ -x /usr/sbin/slurmd ] && [ -x /usr/sbin/munged ] && command -v sbatch >/dev/null \
        || packages+=(munge slurmctld slurmd slurm-client bc)
    [ -x /usr/sbin/sshd ] || packages+=(openssh-server)
fi
# The transfer service's rsync provider runs the real rsync.
command -v rsync >/dev/null || packages+=(rsync)
# `balsam report --out` draws its plots' text with a TrueType font.
[ -d /usr/share/fonts/truetype/dejavu ] || packages+=(fonts-dejavu-core)
if ! have_postgres; then
    packages+=(postgresql)
elif [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
    packages+=(postgresql) # as root, PostgreSQL runs as the 'postgres' user that the package creates
fi

((${#packages[@]})) || exit 0

if [ "$(id -u)" = 0 ]; then
    sudo=()
elif command -v sudo >/dev/null; then
    sudo=(sudo)
else
    die "missing ${packages[*]}; install as root (apt-get install ${packages[*]}) and run this again"
fi
command -v apt-get >/dev/null || die "missing the PostgreSQL server programs (initdb, pg_ctl) and no apt-get here: install them"

say "Installing ${packages[*]} with apt-get"
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
have_postgres || die "${packages[*]} was installed but initdb/pg_ctl are still not found"
