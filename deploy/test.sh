#!/usr/bin/env bash
# Runs every test project of Balsam.sln (Release) and ends with one plain line, "N passed, N failed", summed from the
# TRX results, so that an empty run is visible, with the fully qualified name of each failed test above it. Exits non-zero when a test fails, the run breaks, or no test ran.
# Extra arguments go to dotnet test (e.g. --filter "FullyQualifiedName~Cli").
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/deploy/install-prerequisites.sh" --for-tests
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
RESULTS="$(mktemp -d "${TMPDIR:-/tmp}/balsam-test-results.XXXXXX")"
trap 'rm -rf "$RESULTS"' EXIT

status=0
dotnet test "$ROOT/Balsam.sln" -c Release --logger trx --results-directory "$RESULTS" "$@" || status=$?

# <Counters total="16" executed="16" passed="16" failed="0" error="0" timeout="0" aborted="0" ... />
counter() (
    set +o pipefail # no TRX file, or no match, is a count of zero
    find "$RESULTS" -name '*.trx' -print0 | xargs -0 -r grep -ho "<Counters [^>]*" |
        grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' | awk '{ sum += $1 } END { print sum + 0 }'
)
# The fully qualified name (class.method) of each test that did not pass: results name a testId, definitions map it to
# <UnitTest id="..."> ... <TestMethod className="..." name="..." />.
failed_tests() {
    find "$RESULTS" -name '*.trx' -print0 | xargs -0 -r awk '
        function attr(line, key) { return match(line, " " key "=\"[^\"]*\"") ? substr(line, RSTART + length(key) + 3, RLENGTH - length(key) - 4) : "" }
        /<UnitTestResult / && /outcome="(Failed|Error|Timeout|Aborted)"/ { failed[attr($0, "testId")] = 1 }
        /<UnitTest / { test = attr($0, "id") }
        /<TestMethod / { name[test] = attr($0, "className") "." attr($0, "name") }
        END { for (id in failed) print "  failed: " (id in name ? name[id] : id) }' | sort -u
}
passed=$(counter passed)
failed=$(( $(counter failed) + $(counter error) + $(counter timeout) + $(counter aborted) ))

if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
    echo "dotnet test exited with $status (a build error or a crashed test host)" >&2
fi
if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then
    echo "no test ran" >&2
    [ "$status" -ne 0 ] || status=1
fi
[ "$failed" -eq 0 ] || [ "$status" -ne 0 ] || status=1

failed_tests
echo "$passed passed, $failed failed"
exit "$status"
