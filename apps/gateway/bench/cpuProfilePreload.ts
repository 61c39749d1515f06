// Diagnosis only: preloaded into both subjects by `gatewayBench --cpu-prof-dir DIR`, it records a V8 CPU
// profile from start to exit and writes `DIR/<pid>.cpuprofile` (open it in Chrome DevTools). Node 20 refuses
// --cpu-prof in NODE_OPTIONS, the only way to reach the cluster process that hybrid-sharding forks, so the
// profiler is driven through the inspector module instead. Profiling slows both subjects: don't compare
// figures from a profiled run with an unprofiled one.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';

const directory = process.env.DROAS_BENCH_CPU_PROF_DIR;
if (directory !== undefined && directory !== '') {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable', () => session.post('Profiler.start'));
  // The in-process inspector answers synchronously, so the profile is on disk before the process is gone.
  process.once('exit', () => {
    session.post('Profiler.stop', (error, result) => {
      if (!error) writeFileSync(join(directory, `${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
