/**
 * Interleaved repetitions with a time budget.
 *
 * Subjects run in turn (A B C, A B C, ...) so that a drift of the shared machine hits all of
 * them alike. A subject that has used up its budget is not started again: a slow subject gets
 * fewer than `reps` runs (at least one) instead of stretching `pnpm bench` past its time limit,
 * and the result says so. Subjects listed in `always` (those a target is computed from: the
 * issue's targets are medians of 5 runs) run `reps` times whatever they cost; the budget only
 * trims the subjects shown for information.
 */

/**
 * @param {{ reps: number, subjects: string[], budgetMs?: number, always?: string[], runOne: (subject: string, rep: number) => Promise<object>, onError?: (subject: string, error: unknown) => boolean }} options
 *   `onError` returns true to drop the subject (e.g. the project is not built) and go on.
 * @returns {Promise<{ samples: Record<string, object[]>, notes: string[], errors: Record<string, string> }>}
 */
export async function interleaved({ reps, subjects, budgetMs = Infinity, always = [], runOne, onError }) {
  const samples = Object.fromEntries(subjects.map((s) => [s, []]));
  const spent = Object.fromEntries(subjects.map((s) => [s, 0]));
  const errors = {};
  const notes = [];
  for (let rep = 0; rep < reps; rep++) {
    for (const subject of subjects) {
      if (errors[subject] !== undefined) continue;
      if (rep > 0 && spent[subject] >= budgetMs && !always.includes(subject)) continue;
      const t0 = performance.now();
      try {
        samples[subject].push(await runOne(subject, rep));
      } catch (error) {
        if (!onError || !onError(subject, error)) throw error;
        errors[subject] = String(error?.message ?? error).split("\n").slice(0, 8).join("\n");
      }
      spent[subject] += performance.now() - t0;
    }
  }
  for (const subject of subjects) {
    const n = samples[subject].length;
    if (errors[subject] === undefined && n < reps)
      notes.push(`${subject}: ${n} run${n === 1 ? "" : "s"} instead of ${reps} (each took ~${Math.round(spent[subject] / n / 1000)} s; time budget ${Math.round(budgetMs / 1000)} s)`);
  }
  return { samples, notes, errors };
}
