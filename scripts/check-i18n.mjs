// The app's text checks (docs/i18n.md), run by the lint stage of scripts/test.sh:
//
// 1. Parity: every file of locales/en has the same keys as its twin in locales/es
//    (plural forms compare by their base key, each with an `other` form), and each key
//    has the same `{placeholders}` in both.
// 2. Keys in use: every key the code names in t("…"), tf("…", …), tn("…", …) and
//    page_title("…") exists, and `map.json` holds the keys of the map page's build;
//    every stable code of the domain crate has its text. The server's feeds and emails
//    (`server/src/feed_text.rs`: `feeds.json`, `emails.json` and `map.json`): every key
//    it names in `.text("…", …)` exists in one of those files, with each placeholder
//    it fills, and `emails.json`'s keys are all used.
// 3. No UI text in code: string literals that read as English text inside `view!`
//    bodies (text and the aria-label/title/placeholder/alt/label attributes), and in
//    DOM text setters, fail — except in the files of NOT_YET_CONVERTED below, and on a
//    line that says `// i18n: not UI text` (a log message, a CSS selector).
//
// Usage: node scripts/check-i18n.mjs
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join, relative } from "node:path";

const ROOT = new URL("..", import.meta.url).pathname;
const LANGS = ["en", "es"];
const PLURAL = /\.(zero|one|two|few|many|other)$/;

// Files whose text is not converted to keys yet: the literal check skips them. Convert
// a file (docs/i18n.md), then take it off this list; the check fails on a listed file
// that has no literal text left, so the list only shrinks. Goal: empty.
const NOT_YET_CONVERTED = [
];

// The files the map page's build (`src/bin/porchlight-map.rs` → MapApp) shows: their
// keys must be in map.json, the only text file it loads.
const MAP_BUILD = [
    "src/app.rs",
    "src/api.rs",
    "src/format.rs",
    "src/i18n.rs",
    "src/components/feed_item.rs",
    "src/components/load_state.rs",
    "src/components/map_legend.rs",
    "src/components/opt_out_notice.rs",
    "src/components/page_heading.rs",
    "src/components/site_header.rs",
    "src/components/status_badge.rs",
    "src/components/virtual_feed.rs",
    "src/map/area_layer.rs",
    "src/map/cell_layer.rs",
    "src/map/map_view.rs",
    "src/map/mounted.rs",
    "src/pages/neighbourhood_map/",
];
// Keys of files in MAP_BUILD that only other builds show (LoadWholeApp in src/app.rs).
const MAP_BUILD_EXCEPT = /^loading\./;

const problems = [];
const problem = (message) => problems.push(message);

// ---------------------------------------------------------------------------------
// 1. Parity
// ---------------------------------------------------------------------------------
const readJson = (path) => {
    try {
        return JSON.parse(readFileSync(path, "utf8"));
    } catch (e) {
        problem(`${relative(ROOT, path)}: ${e.message}`);
        return {};
    }
};
const placeholders = (text) => [...String(text).matchAll(/\{([a-z0-9_]+)\}/g)].map((m) => m[1]).sort();

const parts = readdirSync(join(ROOT, "locales/en")).filter((f) => f.endsWith(".json"));
const text = {}; // text[lang][part] = object
for (const lang of LANGS) {
    text[lang] = {};
    for (const part of readdirSync(join(ROOT, "locales", lang)).filter((f) => f.endsWith(".json"))) {
        if (!parts.includes(part)) problem(`locales/${lang}/${part} has no twin in locales/en`);
        text[lang][part] = readJson(join(ROOT, "locales", lang, part));
    }
}
for (const part of parts) {
    const base = (lang) => {
        const keys = new Map(); // base key -> placeholders (union over plural forms)
        for (const [key, value] of Object.entries(text[lang][part] || {})) {
            if (typeof value !== "string") problem(`locales/${lang}/${part}: ${key} is not a string`);
            const b = key.replace(PLURAL, "");
            keys.set(b, [...new Set([...(keys.get(b) || []), ...placeholders(value)])].sort());
        }
        for (const key of Object.keys(text[lang][part] || {})) {
            if (PLURAL.test(key) && !((key.replace(PLURAL, "") + ".other") in text[lang][part])) {
                problem(`locales/${lang}/${part}: ${key} has no ${key.replace(PLURAL, "")}.other`);
            }
        }
        return keys;
    };
    const [en, es] = LANGS.map(base);
    for (const [a, b, from, to] of [[en, es, "en", "es"], [es, en, "es", "en"]]) {
        for (const key of a.keys()) {
            if (!b.has(key)) problem(`${key} is in locales/${from}/${part} but not in locales/${to}/${part}`);
        }
    }
    for (const [key, names] of en) {
        if (es.has(key) && names.join() !== es.get(key).join()) {
            problem(`${key} (${part}): placeholders {${names}} in en but {${es.get(key)}} in es`);
        }
    }
}

// ---------------------------------------------------------------------------------
// 2. Keys in use
// ---------------------------------------------------------------------------------
function* rustFiles(dir) {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) yield* rustFiles(path);
        else if (entry.name.endsWith(".rs")) yield path;
    }
}
const sources = [...rustFiles(join(ROOT, "src"))].map((path) => ({
    path,
    rel: relative(ROOT, path),
    code: readFileSync(path, "utf8"),
}));
const inPart = (part, key) =>
    key in (text.en[part] || {}) || Object.keys(text.en[part] || {}).some((k) => k.replace(PLURAL, "") === key);
const inMapBuild = (rel) => MAP_BUILD.some((f) => (f.endsWith("/") ? rel.startsWith(f) : rel === f));
for (const { rel, code } of sources) {
    // A key: a literal of lowercase words joined by dots, as a call's first argument,
    // or anywhere the code names one ("…" → t(key) through a match, a prop).
    const named = [...code.matchAll(/\b(?:t|tf|tn|page_title)\(\s*"([^"]+)"/g)].map((m) => m[1]);
    const listed = [...code.matchAll(/"((?:[a-z0-9_]+\.)+[a-z0-9_]+)"/g)]
        .map((m) => m[1])
        .filter((k) => parts.some((p) => inPart(p, k)) || /^(error|map|feed|header|status|period|incident|legend)\./.test(k));
    for (const key of new Set([...named, ...listed])) {
        if (!parts.some((p) => inPart(p, key))) {
            problem(`${rel}: the key ${key} is in no file of locales/en`);
        } else if (inMapBuild(rel) && !MAP_BUILD_EXCEPT.test(key) && !inPart("map.json", key)) {
            problem(`${rel}: the key ${key} is shown by the map page's build, so it belongs in map.json`);
        }
    }
}

// The server's texts (feeds and emails): the files feed_text.rs loads, the keys it
// names, the placeholders it fills; every key of emails.json is named somewhere.
const SERVER_PARTS = ["feeds.json", "emails.json", "map.json"];
for (const part of SERVER_PARTS) {
    if (!parts.includes(part)) problem(`locales/en/${part} is missing (server/src/feed_text.rs loads it)`);
}
const serverSources = [...rustFiles(join(ROOT, "server/src"))].map((path) => ({
    rel: relative(ROOT, path),
    code: readFileSync(path, "utf8"),
}));
const serverNamed = new Set();
for (const { rel, code } of serverSources) {
    // `.text("key", &[("name", …), …])` (a call may span lines), and keys named as
    // literals elsewhere (`let key = match … => "email.weekday.monday"`).
    for (const m of code.matchAll(/\.text\(\s*"([^"]+)",\s*&\[/g)) {
        const key = m[1];
        serverNamed.add(key);
        // The argument list up to its matching bracket (it may hold calls with lists).
        let depth = 1;
        let end = m.index + m[0].length;
        for (; end < code.length && depth > 0; end++) {
            if (code[end] === "[") depth++;
            else if (code[end] === "]") depth--;
        }
        const args = code.slice(m.index + m[0].length, end);
        const part = SERVER_PARTS.find((p) => key in (text.en[p] || {}));
        if (!part) {
            problem(`${rel}: the key ${key} is in none of ${SERVER_PARTS.join(", ")} (locales/en)`);
            continue;
        }
        const filled = [...args.matchAll(/\(\s*"([a-z0-9_]+)"\s*,/g)].map((f) => f[1]);
        for (const lang of LANGS) {
            for (const name of placeholders(text[lang][part][key] || "")) {
                if (!filled.includes(name)) problem(`${rel}: ${key} has {${name}} in locales/${lang}/${part}, which the code does not fill`);
            }
        }
    }
    for (const m of code.matchAll(/"((?:email|atom)\.[a-z0-9_.]+)"/g)) serverNamed.add(m[1]);
}
for (const key of Object.keys(text.en["emails.json"] || {})) {
    if (!serverNamed.has(key)) problem(`locales/en/emails.json: ${key} is used by no code in server/src`);
}

// Every stable code of the domain crate (each `fn code()`: draft, account and decision
// errors, moderation reasons) has its text: `error.code.{code}` or
// `moderation.reason.{code}` (the app shows codes, never the server's English message).
const domainFiles = [...rustFiles(join(ROOT, "domain/src"))];
for (const path of domainFiles) {
    const code = readFileSync(path, "utf8");
    for (const m of code.matchAll(/pub fn code\([^)]*\)[^{]*\{([\s\S]*?)\n {4}\}/g)) {
        for (const c of m[1].matchAll(/=>\s*(?:\{\s*)?"([a-z_]+)"/g)) {
            const known = parts.some((p) => inPart(p, `error.code.${c[1]}`) || inPart(p, `moderation.reason.${c[1]}`));
            if (!known) problem(`${relative(ROOT, path)}: the code ${c[1]} has no error.code.${c[1]} in locales/`);
        }
    }
}

// ---------------------------------------------------------------------------------
// 3. No UI text in code
// ---------------------------------------------------------------------------------
// Attributes whose value people read or hear, and those that are never text.
const TEXT_ATTRS = new Set(["aria-label", "aria-description", "aria-roledescription", "aria-valuetext", "title",
    "placeholder", "alt", "label"]);
// Words, not a class list, an id or a `{placeholder}`: two words, or one capitalised.
const looksLikeText = (literal) => {
    const s = literal.replace(/\{[^}]*\}/g, "").trim();
    return /[A-Za-z]{2}/.test(s) && (/[A-Za-z][.,:;!?]?\s+\S/.test(s) || /^[A-Z][a-z]/.test(s));
};

// The body of each `view! { … }`: [start, end) offsets, braces matched outside strings,
// chars and comments.
function viewBodies(code) {
    const bodies = [];
    for (const m of code.matchAll(/\bview!\s*\{/g)) {
        let depth = 0;
        let i = m.index + m[0].length - 1;
        for (; i < code.length; i++) {
            const c = code[i];
            if (c === '"') i = skipString(code, i);
            else if (c === "/" && code[i + 1] === "/") i = code.indexOf("\n", i);
            else if (c === "{") depth++;
            else if (c === "}" && --depth === 0) break;
        }
        bodies.push([m.index + m[0].length, i]);
    }
    return bodies;
}
function skipString(code, i) {
    for (i++; i < code.length; i++) {
        if (code[i] === "\\") i++;
        else if (code[i] === '"') return i;
    }
    return i;
}
const lineOf = (code, at) => code.slice(0, at).split("\n").length;

const literalsIn = (rel, code) => {
    const found = [];
    for (const [start, end] of viewBodies(code)) {
        for (let i = start; i < end; i++) {
            if (code[i] === "/" && code[i + 1] === "/") {
                i = code.indexOf("\n", i);
                continue;
            }
            if (code[i] !== '"') continue;
            const close = skipString(code, i);
            const literal = code.slice(i + 1, close);
            const before = code.slice(Math.max(start, i - 60), i).replace(/format!\(\s*$/, "");
            const attr = before.match(/([a-zA-Z:_-]+)\s*=\s*$/);
            const call = /\b(?:t|tf|tn|page_title)\(\s*$/.test(before);
            const textual = attr ? TEXT_ATTRS.has(attr[1]) && /[A-Za-z]{2}/.test(literal) : looksLikeText(literal);
            const waived = /i18n: not UI text/.test(code.slice(code.lastIndexOf("\n", i), code.indexOf("\n", i)));
            if (textual && !call && !waived) found.push(`${rel}:${lineOf(code, i)}: "${literal}"`);
            i = close;
        }
    }
    const setters = /(?:set_text_content\(Some\(|set_attribute\("(?:aria-label|title|placeholder|alt)",\s*)"([^"]*)"/g;
    for (const m of code.matchAll(setters)) {
        if (looksLikeText(m[1])) found.push(`${rel}:${lineOf(code, m.index)}: "${m[1]}"`);
    }
    return found;
};

for (const listed of NOT_YET_CONVERTED) {
    if (!existsSync(join(ROOT, listed))) problem(`NOT_YET_CONVERTED names ${listed}, which does not exist`);
}
for (const { rel, code } of sources) {
    const found = literalsIn(rel, code);
    if (NOT_YET_CONVERTED.includes(rel)) {
        if (found.length === 0) problem(`${rel} has no literal text left: take it off NOT_YET_CONVERTED`);
        continue;
    }
    for (const f of found) problem(`UI text written in code (use a key, docs/i18n.md): ${f}`);
}

if (problems.length) {
    for (const p of problems) console.error(`check-i18n: ${p}`);
    console.error(`check-i18n: ${problems.length} problem(s)`);
    process.exit(1);
}
const count = Object.values(text.en).reduce((n, o) => n + Object.keys(o).length, 0);
console.log(`check-i18n: ${parts.length} files, ${count} keys in each language; ` +
    `${NOT_YET_CONVERTED.length} files not converted yet`);
