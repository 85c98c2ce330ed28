#!/usr/bin/env bash
# A real Slurm cluster of one node on this machine: munged (as the munge
# user, on a socket of its own), slurmctld and slurmd (as root, ports of
# their own, state and spool in a temp folder), from Debian's slurm-wlm and
# munge. The 24-point study of sweep_parallel.sh goes in as an array job
# (`fabricvp sweep --slurm`, packed 3 points per task under MaxArraySize=8),
# then `--collect` must give the tables of a local --jobs 2 run, byte for
# byte. Stops the daemons it started (pid files, trap on EXIT). Skips (exit
# 77) only when the daemons cannot start here.
source "$(dirname "$0")/lib.bash" "$@"

SKIP=77
for tool in munged slurmctld slurmd sbatch squeue sinfo runuser; do
  command -v "$tool" > /dev/null || PATH=$PATH:/usr/sbin
  command -v "$tool" > /dev/null || { echo "FAIL: $tool missing (scripts/setup.sh installs slurm-wlm and munge)" >&2; exit 1; }
done
[ "$(id -u)" -eq 0 ] || { echo "SKIP: the one-node cluster needs root (slurmd runs jobs as root)"; exit $SKIP; }

HOST=$(hostname -s)
C=$TMP/cluster
mkdir -p "$C/state" "$C/spool" "$C/munge"
chown munge:munge "$C/munge" && chmod 0711 "$C/munge"
chmod 0755 "$TMP"
PORT=$((20000 + ($$ % 20000)))
CONF=$C/slurm.conf
export SLURM_CONF=$CONF
cat > "$CONF" <<CONF
ClusterName=fabricvp_test
SlurmctldHost=$HOST
SlurmUser=root
SlurmdUser=root
SlurmctldPort=$PORT
SlurmdPort=$((PORT + 1))
AuthType=auth/munge
AuthInfo=socket=$C/munge/munge.socket
CredType=cred/munge
StateSaveLocation=$C/state
SlurmdSpoolDir=$C/spool
SlurmctldPidFile=$C/slurmctld.pid
SlurmdPidFile=$C/slurmd.pid
SlurmctldLogFile=$C/slurmctld.log
SlurmdLogFile=$C/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/builtin
MpiDefault=none
ReturnToService=2
MaxArraySize=8
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
NodeName=$HOST CPUs=2 RealMemory=1000 State=UNKNOWN
PartitionName=test Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
CONF

stop_daemons() {
  local f
  for f in "$C/slurmd.pid" "$C/slurmctld.pid" "$C/munge/munged.pid"; do
    [ -s "$f" ] && kill "$(cat "$f")" 2> /dev/null
  done
  sleep 0.5
  for f in "$C/slurmd.pid" "$C/slurmctld.pid" "$C/munge/munged.pid"; do
    [ -s "$f" ] && kill -KILL "$(cat "$f")" 2> /dev/null
  done
  rm -rf "$TMP"
}
trap stop_daemons EXIT

skip_with_logs() {
  echo "SKIP: $1" >&2
  tail -5 "$C"/*.log "$C/munge/munged.log" 2> /dev/null >&2
  exit $SKIP
}

runuser -u munge -- munged --socket="$C/munge/munge.socket" --pid-file="$C/munge/munged.pid" \
  --log-file="$C/munge/munged.log" --seed-file="$C/munge/munged.seed" --force ||
  skip_with_logs "munged does not start"
slurmctld -f "$CONF" || skip_with_logs "slurmctld does not start"
slurmd -f "$CONF" || skip_with_logs "slurmd does not start"
for _ in $(seq 1 60); do
  state=$(sinfo -h -o %t 2> /dev/null | head -1)
  [ "$state" = idle ] && break
  sleep 0.5
done
[ "$state" = idle ] || skip_with_logs "the node did not come up (state '$state')"

source "$(dirname "$0")/sweep_lib.bash"
small_study "$TMP/small.study.yaml"

run_cli sweep "$TMP/small.study.yaml" --slurm --max-array-size 8 --slurm-parallel 2 \
  --slurm-time 00:05:00 --slurm-mem 200M --out "$TMP/slurm"
CASES=$((CASES + 1))
[ "$RC" -eq 0 ] || fail "--slurm: exit $RC: $ERR"
SCRIPT=$TMP/slurm/sweep.sbatch
grep -q '^#SBATCH --array=0-7%2$' "$SCRIPT" || fail "--slurm: array line: $(grep array "$SCRIPT")"
grep -q '^chunk=3$' "$SCRIPT" || fail "--slurm: 24 points in 8 tasks are 3 per task"
grep -q '^#SBATCH --time=00:05:00$' "$SCRIPT" && grep -q '^#SBATCH --mem=200M$' "$SCRIPT" ||
  fail "--slurm: time and memory lines"

job=$(sbatch --parsable "$SCRIPT") || fail "sbatch failed"
job=${job%%;*}
for _ in $(seq 1 240); do
  [ -z "$(squeue -h -j "$job" 2> /dev/null)" ] && break
  sleep 0.5
done
CASES=$((CASES + 1))
[ -z "$(squeue -h -j "$job" 2> /dev/null)" ] || fail "the array job $job did not finish in 120 s"
run_cli sweep --collect "$TMP/slurm"
[ "$RC" -eq 0 ] || fail "--collect: exit $RC: $OUT $ERR $(cat "$TMP"/slurm/slurm/*.out 2> /dev/null | head -20)"

run_cli sweep "$TMP/small.study.yaml" --jobs 2 --out "$TMP/local"
[ "$RC" -eq 0 ] || fail "--jobs 2: exit $RC: $ERR"
same_tables "slurm vs --jobs 2" "$TMP/local" "$TMP/slurm"
[ "$(grep -c ',ok,$' "$TMP/slurm/results.csv")" -eq 48 ] || fail "slurm: not 48 runs ok"

finish
