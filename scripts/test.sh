#!/usr/bin/env bash
# Runs every test of the repository, from a fresh clone: installs what the tests need, builds, runs, summarises.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-test-deps.sh

dotnet build PluginRuntime.sln -c Debug --nologo -v quiet

log=$(mktemp)
status=0
dotnet test PluginRuntime.sln -c Debug --no-build --nologo 2>&1 | tee "$log" || status=$?

# One closing line for people and CI: the totals of every test project's summary line.
python3 - "$log" <<'PY'
import re, sys
passed = failed = skipped = projects = 0
for line in open(sys.argv[1], encoding="utf-8", errors="replace"):
    m = re.search(r"(Passed|Failed)!\s+-\s+Failed:\s+(\d+),\s+Passed:\s+(\d+),\s+Skipped:\s+(\d+)", line)
    if m:
        projects += 1
        failed += int(m.group(2)); passed += int(m.group(3)); skipped += int(m.group(4))
print(f"Test projects: {projects}")
print(f"Tests: {passed} passed, {failed} failed, {skipped} skipped")
PY
rm -f "$log"
exit $status
