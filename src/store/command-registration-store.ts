import { z } from 'zod';

/** What was last registered in one scope: a hash of our commands and the version Discord gave each. */
export const RegistrationSchema = z.object({ hash: z.string(), versions: z.record(z.string(), z.string()) });
export type Registration = z.infer<typeof RegistrationSchema>;

/** The record of the last command registration per scope (`global`, or a guild id). */
export interface CommandRegistrationStore {
  /** The record, or null when there is none or it cannot be read (then the commands are registered again). */
  read(scope: string): Promise<Registration | null>;
  /** Records a registration; a failure is logged, never thrown (the next start registers once more). */
  write(scope: string, record: Registration): Promise<void>;
}
