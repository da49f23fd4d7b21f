/**
 * Why a run stopped early, once: the first reason wins. Its signal ends planning after the file
 * being read, and tells the parts of the run to stop waiting and start nothing new.
 */
export class RunStop {
  private why?: string;
  private readonly controller = new AbortController();

  get reason(): string | undefined {
    return this.why;
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  stop(reason: string): void {
    this.why ??= reason;
    this.controller.abort();
  }

  /** Refused before anything was sent: this reason stands, whatever stopped the run first. */
  refuse(reason: string): void {
    this.why = reason;
    this.controller.abort();
  }
}
