// Copies the front-end packages that the pages load from node_modules/ (installed by
// `npm ci` from package-lock.json) into smartby/static/vendor/, which is generated and
// gitignored. Run with `npm run build`. axe-core stays in node_modules/: only the browser
// tests use it.
import { cpSync, existsSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const modules = join(root, "node_modules");
const vendor = join(root, "smartby", "static", "vendor");

// [source under node_modules/, destination under smartby/static/vendor/]
const files = [
  ["leaflet/dist/leaflet.js", "leaflet/leaflet.js"],
  // leaflet.js names its source map; the hashed static files need it to exist.
  ["leaflet/dist/leaflet.js.map", "leaflet/leaflet.js.map"],
  ["leaflet/dist/leaflet.css", "leaflet/leaflet.css"],
  ["leaflet/dist/images", "leaflet/images"],
  ["leaflet/LICENSE", "leaflet/LICENSE"],
  ["htmx.org/dist/htmx.min.js", "htmx/htmx.min.js"],
  ["htmx.org/LICENSE", "htmx/LICENSE"],
];

const missing = files.filter(([src]) => !existsSync(join(modules, src)));
if (missing.length) {
  console.error(`build-assets: missing in node_modules/: ${missing.map(([s]) => s).join(", ")}`);
  console.error("build-assets: run `npm ci` first.");
  process.exit(1);
}

rmSync(vendor, { recursive: true, force: true });
for (const [src, dest] of files) {
  const target = join(vendor, dest);
  mkdirSync(dirname(target), { recursive: true });
  cpSync(join(modules, src), target, { recursive: true });
}
console.log(`build-assets: ${files.length} entries copied into smartby/static/vendor/`);
