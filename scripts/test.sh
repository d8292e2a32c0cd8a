#!/usr/bin/env bash
# Runs every test of the repository, from a fresh clone: installs what the tests need, builds, runs, summarises.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-test-deps.sh

dotnet build PluginRuntime.sln -c Debug --nologo -v quiet

results=$(mktemp -d)
status=0
dotnet test PluginRuntime.sln -c Debug --no-build --nologo \
  --logger "trx;LogFilePrefix=run" --results-directory "$results" -- RunConfiguration.TreatNoTestsAsError=false || status=$?

# One closing line for people and CI: totals across every test project.
python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
for path in glob.glob(sys.argv[1] + "/*.trx"):
    counters = ET.parse(path).getroot().find("t:ResultSummary/t:Counters", ns)
    passed += int(counters.get("passed", 0))
    failed += int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0))
    skipped += int(counters.get("notExecuted", 0))
print(f"Tests: {passed} passed, {failed} failed, {skipped} skipped")
PY
rm -rf "$results"
exit $status
