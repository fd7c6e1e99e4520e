#!/usr/bin/env bash
# Whole-process figures for the engine targets, each measured side by side with its peer in the same call:
#   e2e-sgd   nf run bench/e2e-digits-sgd.json   vs  numpy doing the whole job (bench/peers/digits_e2e.py --optimizer sgd)
#   e2e-adam  nf run bench/e2e-digits-adam.json  vs  the numpy script with --optimizer adam
#   hiring    nf run experiments/hiring.json     vs  nf --version (the process start-up floor)
#   e2e-elman nf run bench/e2e-elman.json        vs  PyTorch nn.RNN on the same sequences (bench/peers/elman_rnn.py);
#             only when named (it needs Debian's PyTorch): --only e2e-elman
# Targets (engine issue): nf no slower than numpy for SGD and for Adam; hiring <= 0.15 s whole process.
# Target (issue 11): the Elman workload's whole nf run <= 1.5x PyTorch's training loop alone, which elman_rnn.py
# prints ("seconds"; pairs.py times its whole process, start-up and `import torch` included).
#
# Usage: bash bench/peers/compare.sh [--runs N] [--warmup W] [--only e2e-sgd,e2e-adam,hiring] [--no-build] [--commands]
#   --runs N      timed runs of each command (default 10), in turn A B A B ...; medians reported
#   --warmup W    untimed runs of each first (default 1)
#   --only LIST   which cases (default e2e-sgd,e2e-adam,hiring; also e2e-elman)
#   --no-build    use the existing Release build of nf (default: dotnet build -c Release of the CLI first)
#   --nf PATH     time this nf executable instead (a Native AOT publish, say: dotnet publish src/NeuralFunctional.Cli
#                 -p:NativeAot=true -o out/nf, then --nf out/nf/nf); implies --no-build
#   --commands    print each case's two commands (label, A, B; tab-separated) for another timer, and run nothing
# Needs Debian's numpy in /usr/bin/python3: apt-get install -y python3-numpy libopenblas0-pthread (OpenBLAS, as the
# peers were measured with; python3-threadpoolctl, if installed, shows which kernel runs); e2e-elman also Debian's
# PyTorch: apt-get install -y python3-torch.
# The numpy and torch commands run with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset (this machine may set them for older
# OpenBLAS builds; they slow a current one): only in that command, never for tests or CI.
# Outputs go to a temporary folder, removed at the end. The timing is bench/peers/pairs.py (wall, CPU and peak memory
# of each child process).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
RUNS=10; WARMUP=1; ONLY="e2e-sgd,e2e-adam,hiring"; BUILD=1; COMMANDS=0; NF_GIVEN=""
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --only) ONLY="$2"; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --nf) NF_GIVEN="$2"; BUILD=0; shift 2 ;;
    --commands) COMMANDS=1; BUILD=0; shift ;;
    -h|--help) sed -n '2,26p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

PY=/usr/bin/python3
NF="$ROOT/src/NeuralFunctional.Cli/bin/Release/net10.0/nf"
if [ -n "$NF_GIVEN" ]; then NF="$(cd "$(dirname "$NF_GIVEN")" && pwd)/$(basename "$NF_GIVEN")"; fi
UNSET="env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE"
TMP="$(mktemp -d /tmp/nf-compare.XXXXXX)"
trap 'rm -rf "$TMP"' EXIT

declare -A A=() B=()
A[e2e-sgd]="$NF run $ROOT/bench/e2e-digits-sgd.json --out $TMP/nf-sgd.json"
B[e2e-sgd]="$UNSET $PY $HERE/digits_e2e.py --optimizer sgd --out $TMP/numpy-sgd.json"
A[e2e-adam]="$NF run $ROOT/bench/e2e-digits-adam.json --out $TMP/nf-adam.json"
B[e2e-adam]="$UNSET $PY $HERE/digits_e2e.py --optimizer adam --out $TMP/numpy-adam.json"
A[hiring]="$NF run $ROOT/experiments/hiring.json --out $TMP/hiring.json"
B[hiring]="$NF --version"
A[e2e-elman]="$NF run $ROOT/bench/e2e-elman.json --out $TMP/nf-elman.json"
B[e2e-elman]="$UNSET $PY $HERE/elman_rnn.py"

IFS=',' read -r -a CASES <<<"$ONLY"
for c in "${CASES[@]}"; do
  [ -n "${A[$c]:-}" ] || { echo "unknown case: $c (e2e-sgd, e2e-adam, hiring, e2e-elman)" >&2; exit 2; }
done

if [ "$COMMANDS" = 1 ]; then
  for c in "${CASES[@]}"; do printf '%s\t%s\t%s\n' "$c" "${A[$c]}" "${B[$c]}"; done
  exit 0
fi

if [ "$BUILD" = 1 ]; then
  echo "building nf (Release)..." >&2
  dotnet build -c Release "$ROOT/src/NeuralFunctional.Cli" -v q -nologo >/dev/null
fi
[ -x "$NF" ] || { echo "no nf executable at $NF (run without --no-build, or give --nf PATH)" >&2; exit 1; }
"$PY" -c 'import numpy' 2>/dev/null || { echo "$PY cannot import numpy: apt-get install -y python3-numpy libopenblas0-pthread" >&2; exit 1; }
ELMAN=0; for c in "${CASES[@]}"; do [ "$c" = e2e-elman ] && ELMAN=1; done
if [ "$ELMAN" = 1 ]; then
  "$PY" -c 'import torch' 2>/dev/null || { echo "$PY cannot import torch: apt-get install -y python3-torch" >&2; exit 1; }
fi

echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "nf: $("$NF" --version)"
echo "numpy: $($UNSET "$PY" -c 'import numpy; print(numpy.__version__)'), BLAS (OPENBLAS_* unset): $($UNSET "$PY" -c '
try:
    import numpy, threadpoolctl
    print("; ".join("%s %s %s, %s threads" % (d.get("internal_api"), d.get("version"), d.get("architecture"), d.get("num_threads"))
                    for d in threadpoolctl.threadpool_info()) or "?")
except ImportError:
    print("? (install python3-threadpoolctl to see)")')"
if [ "$ELMAN" = 1 ]; then echo "torch: $($UNSET "$PY" -c 'import torch; print(torch.__version__)')"; fi

# Each command once, checked, before timing: a failure shows its message here rather than as a fast "run".
for c in "${CASES[@]}"; do
  for cmd in "${A[$c]}" "${B[$c]}"; do
    # shellcheck disable=SC2086
    if ! $cmd >"$TMP/check.log" 2>&1; then echo "failed: $cmd" >&2; tail -20 "$TMP/check.log" >&2; exit 1; fi
  done
done

status=0
for c in "${CASES[@]}"; do
  echo
  "$PY" "$HERE/pairs.py" --label "$c" --runs "$RUNS" --warmup "$WARMUP" --a "${A[$c]}" --b "${B[$c]}" || status=1
  if [ "$c" = e2e-elman ]; then
    # The issue's yardstick is PyTorch's training loop alone: the peer's own perf_counter figure, three runs.
    for _ in 1 2 3; do
      # shellcheck disable=SC2086
      ${B[$c]} | "$PY" -c 'import json, sys; r = json.loads(sys.stdin.read()); print("  torch training loop alone: %.3f s (final loss %.6f)" % (r["seconds"], r["finalLoss"]))' || status=1
    done
  fi
done
exit $status
