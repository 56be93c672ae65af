// The import job's page while a background task works on it: poll the job's JSON status,
// move the progress bar, and reload the page when the job moves to its next step.
(() => {
  const POLL_MS = 1500;
  const job = document.querySelector('[data-advice-import-job]');
  if (!job) return;
  const bar = job.querySelector('[data-progress-bar]');
  const done = job.querySelector('[data-progress-done]');
  const total = job.querySelector('[data-progress-total]');
  const failed = job.querySelector('[data-progress-failed]');
  const remaining = job.querySelector('[data-progress-remaining]');
  const rate = job.querySelector('[data-progress-rate]');
  const initial = job.dataset.status;

  const poll = async () => {
    try {
      const response = await fetch(job.dataset.statusUrl, {
        headers: { Accept: 'application/json' },
        credentials: 'same-origin',
      });
      if (response.ok) {
        const data = await response.json();
        if (data.status !== initial) {
          window.location.reload();
          return;
        }
        if (bar) {
          bar.max = data.total || 1;
          bar.value = data.processed;
        }
        if (done) done.textContent = data.kind === 'wordpress' ? data.done : data.processed;
        if (total) total.textContent = data.total;
        if (failed) failed.textContent = data.failed;
        if (remaining) remaining.textContent = data.remaining;
        if (rate && data.rate_per_minute !== null && data.rate_per_minute !== undefined) {
          rate.textContent = ` · ${data.rate_per_minute} ${rate.dataset.unit || 'articles a minute'}`;
        }
      }
    } catch (error) {
      // A dropped request is retried on the next tick.
    }
    window.setTimeout(poll, POLL_MS);
  };
  window.setTimeout(poll, POLL_MS);
})();
