// CPU seconds spent by this process and by an embedded PostgreSQL cluster, read from /proc: on a
// 2-core machine shared with other work, wall time says how busy the machine was as much as what
// a run cost; CPU time says what it cost. Linux only; elsewhere the cluster's share is null.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

const TICKS = 100; // USER_HZ: 100 on every Linux this runs on

/** utime + stime (and, with `children`, the reaped children's) of one process, in seconds; 0 if gone. */
function procSeconds(pid: number, children: boolean): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After the name: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14)
    const n = (i: number) => Number(fields[i]);
    return (n(11) + n(12) + (children ? n(13) + n(14) : 0)) / TICKS;
  } catch {
    return 0;
  }
}

function parentOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
}

/**
 * The cluster's CPU seconds so far: the postmaster with its reaped children (exited autovacuum
 * workers, parallel workers) plus every live child (backends, checkpointer, WAL writer …).
 */
export function clusterCpuSeconds(pgDataDir: string): number | null {
  const pidFile = path.join(pgDataDir, 'postmaster.pid');
  if (!existsSync(pidFile) || !existsSync('/proc')) return null;
  const postmaster = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  let total = procSeconds(postmaster, true);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (parentOf(pid) === postmaster) total += procSeconds(pid, false);
  }
  return total;
}

/** This process's CPU seconds, worker threads included. */
export const processCpuSeconds = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** A meter started now: CPU seconds of this process and of the cluster since. */
export function cpuMeter(pgDataDir: string): () => { node: number; postgres: number | null } {
  const node0 = processCpuSeconds();
  const pg0 = clusterCpuSeconds(pgDataDir);
  return () => {
    const pg1 = clusterCpuSeconds(pgDataDir);
    return { node: round(processCpuSeconds() - node0), postgres: pg0 === null || pg1 === null ? null : round(pg1 - pg0) };
  };
}

const round = (x: number) => Math.round(x * 10) / 10;
