#!/bin/bash
# usage: sweep.tmp.sh name flags...
name=$1; shift
npx tsx src/cli/train.ts --quiet --out /tmp/sweep/$name.jsonl "$@" 2> /tmp/sweep/$name.err
echo "$name: $* :: $(tr '\n' ' ' < /tmp/sweep/$name.err)" >> /tmp/sweep/summary.txt
