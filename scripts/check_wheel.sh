#!/usr/bin/env bash
# The package as a user gets it: builds the wheel from the tracked files, checks that it holds
# every file tracked under pos_app/ and sync/ (theme, translations, demo catalog and logo,
# migrations, e-receipt templates), installs it with plain `pip install` (not editable, with the
# [server] extra the demo's backend needs) into a fresh venv, and runs from a folder outside the
# repository, offscreen, on a fresh data directory:
#   pos demo --no-app     the demo store and its local backend (both schemas migrated)
#   pos print-test        a test page to a file: printer
#   pos demo              the cashier app shown with the demo backend running, then quit
#   pos init, pos app [--manager]   a stand-alone till's windows shown, then quit
# (the app quits once shown under POS_STARTUP_PROBE).
# Any failure, or any warning on stderr or in the logs, fails the check. .ci/run runs it.
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
PYTHON=${PYTHON:-python3}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/pos-wheel.XXXXXX")
cleanup() {
  local status=$?
  # The demo stops its backend on the way out; should it not have, stop it here.
  local pid_file="$WORK/data/backend/backend.pid"
  if [ -f "$pid_file" ]; then
    local pid
    pid=$("$PYTHON" -c 'import json, sys; print(json.load(open(sys.argv[1]))["pid"])' "$pid_file" 2>/dev/null || true)
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill "$pid" 2>/dev/null || true; fi
  fi
  rm -rf "$WORK"
  if [ "$status" != 0 ]; then echo "check_wheel: FAILED" >&2; fi
}
trap cleanup EXIT

fail() {
  echo "check_wheel: $*" >&2
  exit 1
}

# A command's output, shown; the command's stderr must be empty (the app warns on stderr).
run_step() {
  local name=$1
  shift
  echo "-- $name: $*"
  local status=0
  "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" || status=$?
  sed 's/^/   /' "$WORK/$name.out"
  if [ "$status" != 0 ] || [ -s "$WORK/$name.err" ]; then
    sed 's/^/   stderr: /' "$WORK/$name.err" >&2
    fail "$name exited with $status (or wrote to stderr)"
  fi
}

echo "== wheel: build from the tracked files"
# A copy of what git tracks (and new files not ignored): nothing stale from a build/ folder or
# an editable install's egg-info gets into the wheel, and the checkout stays untouched.
mkdir "$WORK/src"
git -C "$REPO" ls-files -z --cached --others --exclude-standard \
  | (cd "$REPO" && tar --null --files-from=- --ignore-failed-read -cf - 2>/dev/null) \
  | tar -xf - -C "$WORK/src"
"$PYTHON" -m venv "$WORK/venv"
VENV_PYTHON="$WORK/venv/bin/python"
"$VENV_PYTHON" -m pip install -q --upgrade pip
"$VENV_PYTHON" -m pip wheel -q --no-deps -w "$WORK/dist" "$WORK/src"
WHEEL=$(echo "$WORK"/dist/*.whl)
[ -f "$WHEEL" ] || fail "no wheel built"

git -C "$REPO" ls-files -z pos_app sync | "$VENV_PYTHON" -c '
import os, sys, zipfile
from collections import Counter
from pathlib import PurePosixPath

wheel = zipfile.ZipFile(sys.argv[1])
sizes = {info.filename: info.file_size for info in wheel.infolist()}
tracked = [name for name in sys.stdin.read().split("\0") if name]
missing = [name for name in tracked if name not in sizes]
count, total = Counter(), Counter()
for name, size in sizes.items():
    kind = PurePosixPath(name).suffix or PurePosixPath(name).name
    count[kind] += 1
    total[kind] += size
print(f"   {PurePosixPath(sys.argv[1]).name}: {os.path.getsize(sys.argv[1]):,} bytes, "
      f"{len(sizes)} files, {sum(sizes.values()):,} bytes unpacked")
for kind in sorted(count, key=lambda kind: -total[kind]):
    print(f"   {count[kind]:4} {kind:<12} {total[kind]:>10,} bytes")
print("   data files:")
for name, size in sorted(sizes.items()):
    if not name.endswith(".py") and ".dist-info/" not in name:
        print(f"   {size:>10,}  {name}")
if missing:
    sys.exit("tracked files missing from the wheel (add them to package-data in pyproject.toml):\n"
             + "\n".join(missing))
' "$WHEEL" || fail "the wheel is incomplete"

echo "== wheel: install into a fresh venv (not editable, with [server])"
"$VENV_PYTHON" -m pip install -q "$WHEEL[server]"

# From a folder outside the repository, with no path to it: only the installed package counts.
mkdir "$WORK/run"
cd "$WORK/run"
unset PYTHONPATH
export PATH="$WORK/venv/bin:$PATH"
export QT_QPA_PLATFORM=offscreen
export POS_DATA_DIR="$WORK/data"
unset POS_PRINTER POS_LANG
"$VENV_PYTHON" -c '
import sys
import pos_app, pos_app.resources, sync
venv = sys.argv[1]
for module in (pos_app, sync):
    assert module.__file__.startswith(venv), f"{module.__name__} imported from {module.__file__}"
print(f"   pos_app from {pos_app.__file__}")
' "$WORK/venv" || fail "the package is not imported from the venv"

echo "== installed: run"
run_step demo pos demo --no-app --port 0
grep -q "Demo store S01-T01 created" "$WORK/demo.out" || fail "the demo store was not created"

run_step print-test pos print-test --printer "file://$WORK/receipt.bin"
[ -s "$WORK/receipt.bin" ] || fail "the test page wrote nothing to the file: printer"
echo "   $(wc -c <"$WORK/receipt.bin") bytes of ESC/POS to the file: printer"

# The cashier app as the demo opens it (its backend started again on the port the till knows),
# then, on a stand-alone till (no backend to reach), `pos app` and `pos app --manager`.
export POS_STARTUP_PROBE=1  # pos_app/ui/main.py: prints the start-up time once shown, quits
run_step demo-app timeout 120 pos demo
grep -q "^started " "$WORK/demo-app.out" || fail "pos demo did not say the app started"
[ -s "$POS_DATA_DIR/cache/translations/pos_tr.qm" ] || fail "the translations were not compiled"
echo "   translations compiled: $(wc -c <"$POS_DATA_DIR/cache/translations/pos_tr.qm") bytes"
export POS_DATA_DIR="$WORK/till"
run_step init pos init
run_step app timeout 120 pos app
grep -q "^started " "$WORK/app.out" || fail "pos app did not say it started"
run_step app-manager timeout 120 pos app --manager
grep -q "^started " "$WORK/app-manager.out" || fail "pos app --manager did not say it started"
unset POS_STARTUP_PROBE

echo "== installed: logs"
# The till's and the demo backend's logs: no warning, error or traceback anywhere.
logs=$(find "$WORK/data" "$WORK/till" -name '*.log' | sort)
[ -n "$logs" ] || fail "no log written"
status=0
for log in $logs; do
  echo "   ${log#"$WORK"/}: $(wc -l <"$log") lines"
  if grep -nE '\b(WARNING|ERROR|CRITICAL)\b|Traceback' "$log" >&2; then status=1; fi
done
[ "$status" = 0 ] || fail "warnings or errors in the logs (above)"
echo "check_wheel: OK"
