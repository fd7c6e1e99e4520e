#!/bin/bash
# Submits a sharded nf sweep to Slurm: an array job (one shard per task) and a merge job that starts
# once every task has succeeded. Prints both job ids.
#
#   deploy/slurm/submit.sh EXPERIMENT OUT [TASKS]
#   e.g. NF=$HOME/nf/nf deploy/slurm/submit.sh experiments/hiring-seeds.json out/hiring-seeds 4
#
# Arguments, or the environment variables of the same name:
#   EXPERIMENT  experiment file with a sweep          (default experiments/hiring-seeds.json)
#   OUT         output folder, shared by all tasks    (default out/<experiment name>)
#   TASKS       number of shards = array tasks        (default 4)
# Environment:
#   NF      the nf executable (default: nf on PATH). Build one with
#             dotnet publish src/NeuralFunctional.Cli -c Release -o $HOME/nf
#           It must be reachable from the compute nodes (shared filesystem), and so must dotnet.
#   ARRAY   the array index spec instead of 1-TASKS, e.g. 0-3, 1-7:2 or 1-16%4 (a contiguous range, optionally
#           with a step or a %limit; not a comma list)
#   LOGS    folder for the job logs (default slurm-logs; created here)
#   Partition, account, QOS...: sbatch's own variables, e.g. SBATCH_PARTITION=short SBATCH_ACCOUNT=proj.
# Paths are made absolute, so the jobs do not depend on the folder they start in.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
EXPERIMENT="${1:-${EXPERIMENT:-experiments/hiring-seeds.json}}"
OUT="${2:-${OUT:-out/$(basename "$EXPERIMENT" .json)}}"
TASKS="${3:-${TASKS:-4}}"
ARRAY="${ARRAY:-1-$TASKS}"
LOGS="${LOGS:-slurm-logs}"
NF="${NF:-nf}"

die() { echo "submit.sh: $*" >&2; exit 2; }
case "$TASKS" in ''|*[!0-9]*|0) die "TASKS must be a positive number, got '$TASKS'" ;; esac
case "$ARRAY" in *,*) die "ARRAY '$ARRAY' is a list; use a range such as 1-$TASKS (nf derives the shard count from it)" ;; esac
[ -f "$EXPERIMENT" ] || die "no experiment file '$EXPERIMENT'"
if ! nf_path="$(command -v "$NF")"; then
  die "cannot find nf ('$NF'); build it with 'dotnet publish src/NeuralFunctional.Cli -c Release -o DIR' and set NF=DIR/nf"
fi
command -v sbatch >/dev/null || die "sbatch not found: run this on a Slurm login node"

EXPERIMENT="$(realpath "$EXPERIMENT")"
OUT="$(realpath -m "$OUT")"
NF="$(realpath "$nf_path")"
mkdir -p "$LOGS"            # sbatch does not create the --output folder: a missing one loses the log silently
LOGS="$(realpath "$LOGS")"

array_job="$(sbatch --parsable --array="$ARRAY" \
  --output="$LOGS/%x-%A_%a.out" \
  --export="ALL,EXPERIMENT=$EXPERIMENT,OUT=$OUT,NF=$NF" \
  "$here/sweep-array.sbatch")"
array_job="${array_job%%;*}"    # --parsable prints "id" or "id;cluster"

# --kill-on-invalid-dep: if a task fails, the merge job is cancelled instead of waiting forever.
if ! merge_job="$(sbatch --parsable --dependency="afterok:$array_job" --kill-on-invalid-dep=yes \
  --output="$LOGS/%x-%j.out" \
  --export="ALL,OUT=$OUT,NF=$NF" \
  "$here/merge.sbatch")"; then
  echo "submit.sh: the merge job was not submitted; the array job $array_job is queued (scancel $array_job)" >&2
  exit 1
fi
merge_job="${merge_job%%;*}"

echo "array job: $array_job  (nf sweep $EXPERIMENT --shard auto, --array=$ARRAY)"
echo "merge job: $merge_job  (nf merge $OUT, after every task of $array_job succeeded)"
echo "output:    $OUT/summary.json"
echo "logs:      $LOGS/nf-sweep-${array_job}_<task>.out, $LOGS/nf-merge-$merge_job.out"
echo "follow:    squeue -j $array_job,$merge_job   or   $NF sweep --status $OUT"
