/** Waits for `task` to settle, but no longer than `ms`: for shutdown steps that could wait on a lost connection. */
export async function settleWithin(task: Promise<unknown> | undefined, ms: number): Promise<void> {
  if (!task) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([task.catch(() => {}), new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}
