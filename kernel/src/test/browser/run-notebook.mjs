// Opens a notebook on a running Jupyter Notebook server in headless Chromium, selects the
// NEPI kernel from the Kernel menu, runs all cells from the Cell menu, waits for every cell
// to finish and for a plot, sorts the trace table by a click on a header, then saves a screenshot and prints a
// JSON summary of the page (plots, the trace table, and the experiment graphs with the states they show).
// Usage: node run-notebook.mjs <notebook url with token> <screenshot.png> [timeout seconds] [column to sort by]
// (the sortable table sorted is the first one with that column, time_ms by default)
import { chromium } from 'playwright-core';

const [url, screenshot, timeoutArg, sortColumn] = process.argv.slice(2);
const sortBy = sortColumn || 'time_ms';
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

  // A live graph's last update may trail its cell: give it a few seconds to show every RM released.
  await page.waitForFunction(() => {
    const boxes = Array.from(document.querySelectorAll('.output_svg svg[data-layout] g.rm'));
    return boxes.length > 0 && boxes.every(g => g.getAttribute('data-state') === 'RELEASED');
  }, null, { timeout: 10000 }).catch(() => {});

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
      // Experiment graphs (%graph): the cell that drew each, its layout and the states its boxes show now.
      graphs: Array.from(document.querySelectorAll('.output_svg svg[data-layout]')).map(svg => ({
        cell: Jupyter.notebook.get_cells().find(c => c.element[0].contains(svg)).get_text(),
        layout: svg.getAttribute('data-layout'),
        states: Array.from(svg.querySelectorAll('g.rm')).map(g => g.getAttribute('data-state')),
      })),
      cellInputs: Jupyter.notebook.get_cells().filter(c => c.cell_type === 'code').map(c => c.get_text()),
    };
  });
  // The trace table (%trace ping stdout --table, or a data frame): a sortable table whose rows a click on a
  // header sorts.
  const tables = await page.evaluate(() => document.querySelectorAll('.output_html table.nepi-sortable').length);
  let traceTable = { tables, rows: 0, sortedDescending: false, sortedAscending: false };
  const index = await page.evaluate(name => Array.from(document.querySelectorAll(
      '.output_html table.nepi-sortable')).findIndex(t => Array.from(t.querySelectorAll('thead th'))
      .some(th => th.textContent === name)), sortBy);
  if (index >= 0) {
    const table = page.locator('.output_html table.nepi-sortable').nth(index);
    const column = (await table.locator('thead th').allTextContents()).indexOf(sortBy);
    const header = table.locator('thead th').nth(column);
    const values = () => table.evaluate((t, i) => Array.from(t.querySelectorAll('tbody tr'))
        .map(r => Number(r.cells[i].textContent)), column);
    const sorted = (v, dir) => v.every((x, k) => k === 0 || (dir > 0 ? v[k - 1] <= x : v[k - 1] >= x));
    await header.click();
    const ascending = await values();
    await header.click();
    const descending = await values();
    traceTable = { tables, column, rows: ascending.length,
                   caption: await table.evaluate(t => t.caption ? t.caption.textContent : ''),
                   text: await table.evaluate(t => t.tBodies[0].textContent),
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
