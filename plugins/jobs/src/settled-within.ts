/** Whether `promise` settled within `ms` (its rejection is the caller's to ignore). */
export async function settledWithin(
  promise: Promise<unknown> | undefined,
  ms: number,
): Promise<boolean> {
  if (!promise) return true;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(resolve, ms, false)));
  const settled = promise.then(
    () => true,
    () => true,
  );
  try {
    return await Promise.race([settled, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
