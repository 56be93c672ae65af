// The import job's page while a background task works on it: poll the job's JSON status,
// move the progress bar, and reload the page when the job moves to its next step.
(() => {
  const POLL_MS = 1500;
  const job = document.querySelector('[data-advice-import-job]');
  if (!job) return;
  const bar = job.querySelector('[data-progress-bar]');
  const done = job.querySelector('[data-progress-done]');
  const total = job.querySelector('[data-progress-total]');
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
        if (done) done.textContent = data.processed;
        if (total) total.textContent = data.total;
      }
    } catch (error) {
      // A dropped request is retried on the next tick.
    }
    window.setTimeout(poll, POLL_MS);
  };
  window.setTimeout(poll, POLL_MS);
})();
