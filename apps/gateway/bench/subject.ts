/** Events a subject has seen so far, by the subject's own account. */
export interface SubjectCounts {
  interactions: number;
  memberJoins: number;
}

/** A process under measurement: the benchmark reads its CPU and memory by pid and asks it for counts. */
export interface Subject {
  readonly name: string;
  /** The measured process. */
  readonly pid: number;
  counts(): Promise<SubjectCounts>;
  /** Stops the process (and anything it started). Idempotent. */
  close(): Promise<void>;
}

/** What the benchmark adds to each subject's process, the same for both: preloads and where they write. */
export interface Instrumentation {
  nodeOptions: string[];
  env: Record<string, string>;
}
