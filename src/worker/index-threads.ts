import { availableParallelism, totalmem } from 'node:os';

/** The least memory (the machine's, or the process's limit if lower) for INDEX_THREADS=auto to use a second thread. */
export const AUTO_SECOND_THREAD_MIN_BYTES = 4 * 1024 ** 3;

/** What `auto` looks at: this machine's cores and memory. */
export interface MachineSize {
  cores: number;
  /** The machine's memory, or the process's limit (a cgroup's) when that is lower. */
  memoryBytes: number;
}

/** This machine, as Node reports it. */
export function thisMachine(): MachineSize {
  // 0 or undefined without a limit; a cgroup without one reports about 2^63.
  const limit = process.constrainedMemory?.() ?? 0;
  return { cores: availableParallelism(), memoryBytes: limit > 0 ? Math.min(limit, totalmem()) : totalmem() };
}

/**
 * The threads a cold build indexes with (INDEX_THREADS): 1 or 2 as set; `auto` (or unset)
 * takes 2 on a machine with two cores or more and at least 4 GiB of memory. A second thread
 * saves a fifth to a third of a first start and raises its peak memory (by about 60 MB on
 * the real digest, 0.5 GB at 100,000 papers: docs/benchmarks.md); a small box keeps the memory.
 */
export function indexThreadsFor(setting: 1 | 2 | 'auto' | undefined, machine: MachineSize = thisMachine()): 1 | 2 {
  if (setting === 1 || setting === 2) return setting;
  return machine.cores >= 2 && machine.memoryBytes >= AUTO_SECOND_THREAD_MIN_BYTES ? 2 : 1;
}
