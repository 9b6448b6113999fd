// Opens a notebook on a running Jupyter Notebook server in headless Chromium, selects the
// NEPI kernel from the Kernel menu, runs all cells from the Cell menu, waits for every cell
// to finish and for a plot, sorts the trace table by a click on a header, then saves a screenshot and prints a
// JSON summary of the page.
// Usage: node run-notebook.mjs <notebook url with token> <screenshot.png> [timeout seconds]
import { chromium } from 'playwright-core';

const [url, screenshot, timeoutArg] = process.argv.slice(2);
if (!url || !screenshot) {
  console.error('usage: node run-notebook.mjs <url> <screenshot.png> [timeout seconds]');
  process.exit(2);
}
const timeout = Number(timeoutArg || 180) * 1000;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  page.setDefaultTimeout(timeout);
  await page.goto(url);
  await page.waitForFunction(() => window.Jupyter && Jupyter.notebook && Jupyter.notebook._fully_loaded);

  // Select the NEPI kernel as a user would: Kernel > Change kernel > NEPI (Java).
  await page.click('#kernellink');
  await page.hover('#menu-change-kernel');
  await page.click('#kernel-submenu-nepi');
  await page.waitForFunction(() => Jupyter.notebook.kernel && Jupyter.notebook.kernel.name === 'nepi'
      && Jupyter.notebook.kernel.is_connected() && document.querySelector('#kernel_indicator_icon.kernel_idle_icon'));

  // Cell > Run All.
  await page.click('#celllink');
  await page.click('#run_all_cells');
  await page.waitForFunction(() => {
    const prompts = Array.from(document.querySelectorAll('.code_cell .input_prompt'));
    return prompts.length > 0 && prompts.every(p => /\[\d+\]/.test(p.textContent))
        && document.querySelector('#kernel_indicator_icon.kernel_idle_icon');
  });
  await page.waitForSelector('.output_png img, .output_svg svg, .output_html img, .output_html svg');

  // Plots, whichever MIME type the notebook chose to show: SVG before PNG, or an HTML twin.
  const summary = await page.evaluate(() => {
    const plots = Array.from(document.querySelectorAll(
        '.output_png img, .output_html img, .output_svg svg, .output_html svg'));
    return {
      kernel: Jupyter.notebook.kernel.name,
      cells: document.querySelectorAll('.code_cell').length,
      plots: plots.length,
      errors: Array.from(document.querySelectorAll('.output_error')).map(e => e.textContent.slice(0, 500)),
      plotSizes: plots.map(p => { const r = p.getBoundingClientRect(); return [Math.round(r.width), Math.round(r.height)]; }),
    };
  });
  // The trace table (%trace ping stdout --table): a sortable table whose rows a click on a header sorts.
  const tables = await page.evaluate(() => document.querySelectorAll('.output_html table.nepi-sortable').length);
  let traceTable = { tables, rows: 0, sortedDescending: false, sortedAscending: false };
  if (tables > 0) {
    const column = (await page.evaluate(() => Array.from(document.querySelectorAll(
        '.output_html table.nepi-sortable thead th')).map(th => th.textContent))).indexOf('time_ms');
    const header = page.locator('.output_html table.nepi-sortable thead th').nth(column);
    const values = () => page.evaluate(i => Array.from(document.querySelectorAll(
        '.output_html table.nepi-sortable tbody tr')).map(r => Number(r.cells[i].textContent)), column);
    const sorted = (v, dir) => v.every((x, k) => k === 0 || (dir > 0 ? v[k - 1] <= x : v[k - 1] >= x));
    await header.click();
    const ascending = await values();
    await header.click();
    const descending = await values();
    traceTable = { tables, column, rows: ascending.length,
                   sortedAscending: sorted(ascending, 1), sortedDescending: sorted(descending, -1),
                   distinct: new Set(ascending).size };
  }
  summary.traceTable = traceTable;
  // The notebook scrolls inside its own container: make the window as tall as the notebook so
  // that the screenshot shows all of it.
  const height = await page.evaluate(() => document.querySelector('#notebook-container').scrollHeight + 200);
  await page.setViewportSize({ width: 1280, height: Math.min(Math.max(height, 1000), 8000) });
  await page.screenshot({ path: screenshot });
  console.log(JSON.stringify(summary));
} finally {
  await browser.close();
}
