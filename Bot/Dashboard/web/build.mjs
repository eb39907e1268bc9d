// Bundles the dashboard tab (Bot/Dashboard/web) into Bot/Dashboard/wwwroot, which the bot embeds: the Teams JavaScript
// SDK and Chart.js come from node_modules, nothing from a CDN. Run by Bot.csproj before it compiles, and by
// `npm run build:dashboard`. wwwroot is generated: not in git.
import { build } from 'esbuild';
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', 'wwwroot');
await mkdir(out, { recursive: true });
// The Teams SDK fetches its list of valid host origins from res.cdn.office.net as soon as it loads, although it carries
// the same list: that fetch goes, so the tab loads nothing from a CDN (the list is still fetched on demand for a host
// origin it does not know). The build fails if a new version of the SDK changes the module, rather than ship the fetch.
let prefetchRemoved = false;
const noOriginPrefetch = {
  name: 'teams-js-no-origin-prefetch',
  setup(on) {
    on.onLoad({ filter: /teams-js[\\/].*internal[\\/]validOrigins\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const patched = source.replace(/\bg\(\);(export\{)/, '$1');
      if (patched === source) throw new Error(`${args.path}: the origin-list prefetch was not found; check the Teams SDK's validOrigins module.`);
      prefetchRemoved = true;
      return { contents: patched, loader: 'js' };
    });
  },
};

await build({
  plugins: [noOriginPrefetch],
  entryPoints: [join(here, 'app.js'), join(here, 'app.css')],
  outdir: out,
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['chrome110', 'safari15'],
  legalComments: 'none',
  logLevel: 'warning',
});
if (!prefetchRemoved) throw new Error("The Teams SDK's validOrigins module was not found: the origin-list prefetch is still in the bundle.");
await copyFile(join(here, 'index.html'), join(out, 'index.html'));
