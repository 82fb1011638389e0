// Trunk post-build hook (Trunk.toml): writes `file.br` (brotli, quality 11) and
// `file.gz` (gzip -9) beside every text, script and wasm file of a release build.
// The server sends these as they are (tower-http ServeDir, precompressed), so browsers
// get the smallest encoding without the server compressing on each request (which it
// does at a fast, larger level). Debug builds are left alone: compressing a debug wasm
// at quality 11 would take minutes.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

if (process.env.TRUNK_PROFILE !== "release") process.exit(0);
const root = process.env.TRUNK_STAGING_DIR;
if (!root) {
    console.error("precompress: TRUNK_STAGING_DIR is not set (run by Trunk as a post_build hook)");
    process.exit(1);
}
const COMPRESSIBLE = /\.(wasm|js|css|html|svg|json|webmanifest|txt)$/;

function* files(dir) {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) yield* files(path);
        else if (COMPRESSIBLE.test(entry.name)) yield path;
    }
}

let count = 0;
for (const path of files(root)) {
    const data = readFileSync(path);
    const br = brotliCompressSync(data, {
        params: {
            [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
            [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
        },
    });
    writeFileSync(`${path}.br`, br);
    writeFileSync(`${path}.gz`, gzipSync(data, { level: 9 }));
    count += 1;
}
console.log(`precompress: ${count} files in ${root} (.br and .gz)`);
