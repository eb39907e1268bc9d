// Bundles the dashboard tab (Bot/Dashboard/web) into Bot/Dashboard/wwwroot, which the bot embeds: the Teams JavaScript
// SDK and Chart.js come from node_modules, nothing from a CDN. Run by Bot.csproj before it compiles, and by
// `npm run build:dashboard`. wwwroot is generated: not in git.
import { build } from 'esbuild';
import { copyFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', 'wwwroot');
await mkdir(out, { recursive: true });
await build({
  entryPoints: [join(here, 'app.js'), join(here, 'app.css')],
  outdir: out,
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['chrome110', 'safari15'],
  legalComments: 'none',
  logLevel: 'warning',
});
await copyFile(join(here, 'index.html'), join(out, 'index.html'));
