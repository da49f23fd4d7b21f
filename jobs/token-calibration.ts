/**
 * Billed ÷ estimated tokens, learnt from the service's `usage`, shared by a worker's jobs: the limiter
 * reserves what a request will really cost. Until the first reply it errs high (a 429 costs more than
 * an idle moment); the first reply replaces that guess outright, later ones move it gently.
 */
export class TokenCalibration {
  private samples = 0;

  constructor(public factor = 1.25) {}

  /** Tokens a request estimated at `raw` will be billed. */
  estimate(raw: number): number {
    return Math.ceil(raw * this.factor);
  }

  observe(billed: number, raw: number): void {
    if (!billed || !raw) return;
    const ratio = Math.min(3, Math.max(0.5, billed / raw));
    this.factor = this.samples++ === 0 ? ratio : this.factor * 0.8 + ratio * 0.2;
  }
}
