/** Which CI runs us, and what started the job, read from its environment. */
export interface CiContext {
  readonly platform: 'github' | 'gitlab' | 'none';
  /** What the event means here: pull requests are untrusted, push/schedule/manual may translate. */
  readonly trigger: 'push' | 'pull-request' | 'schedule' | 'manual' | 'other';
  /** The platform's own event name, for messages. */
  readonly eventName: string;
  /** The branch the job runs on; for a pull request, the branch it targets. */
  readonly branch?: string;
  /** Set when a tag was pushed. */
  readonly tag?: string;
  /** `owner/name` (GitHub) or the project path (GitLab). */
  readonly repository?: string;
  /** The pull request comes from a fork. */
  readonly fork?: boolean;
  /** REST API base URL. */
  readonly apiUrl?: string;
  /** Token for the push and the API (GITHUB_TOKEN, GITLAB_TOKEN); never printed. */
  readonly token?: string;
  /** GitHub: the job summary file and the step outputs file. */
  readonly summaryFile?: string;
  readonly outputFile?: string;
  /** A folder for the JSON report outside the working copy. */
  readonly tempDir?: string;
  /** GitLab's numeric project id, for its API. */
  readonly projectId?: string;
  /** Who commits when no author is given. */
  readonly defaultAuthor: string;
}
