#!/bin/sh
# replay.sh PROGRAM DIR... - runs PROGRAM (tests/fuzz/replay_<target>) on the folders of saved fuzz
# inputs that exist. A missing folder is skipped, since git keeps no empty folder (regress/<target>
# before its first crash), but at least one must exist. PROGRAM's output and exit status are ours.
prog=$1
shift
n=$#
found=0
while [ "$n" -gt 0 ]; do
    if [ -d "$1" ]; then
        set -- "$@" "$1"
        found=$((found + 1))
    fi
    shift
    n=$((n - 1))
done
if [ "$found" -eq 0 ]; then
    echo "replay.sh: none of the corpus folders exists" >&2
    exit 2
fi
exec "$prog" "$@"
