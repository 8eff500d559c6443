/** A day file of the feed as the database keeps it, with the revision it was recorded at. */
export interface FeedFile {
  /** Its name in the digest folder (`feed/<day>.json`). */
  name: string;
  /** The feed's response, unchanged. */
  text: string;
  revision: number;
}

/**
 * The feed's day files (`feed_files`), so that the papers the leader's poller brings reach
 * every machine through the database, not through a shared folder: the leader records each
 * day file it saves, and every machine writes what it lacks into its own digest folder
 * (announce/feed-file-sync.ts). Each record or change of a file takes the next revision,
 * and revisions become visible in their order. SQLite keeps the table too (the contract suite,
 * `npm run migrate-state`), but only machines on a shared database record.
 */
export interface FeedFileStore {
  /** Records a day file's text; a changed text of the same file replaces it at a new revision, the same text changes nothing. */
  record(name: string, text: string, now?: Date): Promise<void>;
  /** The files recorded or changed after revision `after`, oldest revision first, at most `limit`. */
  since(after: number, limit: number): Promise<FeedFile[]>;
}
