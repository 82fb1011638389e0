//! Accessibility checks run inside the page under test: axe-core (the npm package in
//! `node_modules/axe-core`, injected through WebDriver, so the app never ships it), the
//! size of touch targets (WCAG 2.2 success criterion 2.5.8), Chromium's emulation of
//! `prefers-reduced-motion` and `forced-colors`, and the language the app is read in.

use std::fmt;
use std::sync::OnceLock;

use serde::Deserialize;
use serde_json::{json, Value};

use crate::browser::Browser;
use crate::error::{HarnessError, Result};
use crate::paths::workspace_root;

/// axe-core's minified build, read once per test binary.
fn axe_source() -> Result<&'static str> {
    static SOURCE: OnceLock<std::result::Result<String, String>> = OnceLock::new();
    SOURCE
        .get_or_init(|| {
            let path = workspace_root().join("node_modules/axe-core/axe.min.js");
            std::fs::read_to_string(&path).map_err(|e| {
                format!(
                    "could not read {}: {e}\nInstall the npm packages with `npm ci` \
                     (scripts/setup.sh does).",
                    path.display()
                )
            })
        })
        .as_deref()
        .map_err(|e| HarnessError::new(e.clone()))
}

/// One rule axe found broken on the page, with every element that breaks it.
#[derive(Debug, Clone, Deserialize)]
pub struct Violation {
    /// The rule's id, such as `color-contrast`.
    pub id: String,
    /// `minor`, `moderate`, `serious` or `critical`.
    pub impact: String,
    /// What the rule asks for, in a sentence.
    pub help: String,
    /// Deque's page about the rule.
    #[serde(rename = "helpUrl")]
    pub help_url: String,
    /// A CSS selector of each element that breaks it (the first few).
    pub targets: Vec<String>,
    /// How many elements break it.
    pub nodes: usize,
}

impl Violation {
    /// Whether it blocks: impact `serious` or `critical`.
    pub fn is_blocking(&self) -> bool {
        matches!(self.impact.as_str(), "serious" | "critical")
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} [{}] {} ({} element{}: {}) {}",
            self.id,
            self.impact,
            self.help,
            self.nodes,
            if self.nodes == 1 { "" } else { "s" },
            self.targets.join(" | "),
            self.help_url
        )
    }
}

/// What axe-core found on a page.
#[derive(Debug, Clone, Deserialize)]
pub struct AxeResults {
    /// The rules broken.
    pub violations: Vec<Violation>,
    /// The rules axe could not decide on by itself ("needs review"), such as the
    /// contrast of text over a gradient: for a person to look at, never a failure.
    pub incomplete: Vec<Violation>,
}

/// Runs axe-core on the whole document as it is now (injecting it first if this
/// document does not have it yet) with its default rules (WCAG 2.0–2.2 A and AA, and
/// best practices), and returns what it found.
pub async fn axe(browser: &Browser) -> Result<AxeResults> {
    let loaded = browser
        .eval("return typeof window.axe === 'object';")
        .await?;
    if loaded != Value::Bool(true) {
        // Script, to read the page: axe only reads the DOM and styles.
        let inject = format!("{}\n;return typeof window.axe;", axe_source()?);
        let kind = browser.eval(&inject).await?;
        if kind != json!("object") {
            return Err(HarnessError::new(format!(
                "axe-core did not load into the page (window.axe is {kind})"
            )));
        }
    }
    let script = r#"
        const done = arguments[arguments.length - 1];
        const rule = v => ({
            id: v.id,
            impact: v.impact || 'minor',
            help: v.help,
            helpUrl: v.helpUrl,
            nodes: v.nodes.length,
            targets: v.nodes.slice(0, 6).map(n => n.target.map(String).join(' >> ')),
        });
        axe.run(document, { resultTypes: ['violations', 'incomplete'] })
            .then(r => done({ ok: {
                violations: r.violations.map(rule),
                incomplete: r.incomplete.map(rule),
            } }))
            .catch(e => done({ error: String(e && e.stack || e) }));
    "#;
    let answer = browser
        .client()
        .execute_async(script, vec![])
        .await
        .map_err(|e| HarnessError::from(e).context("running axe-core"))?;
    if let Some(error) = answer.get("error") {
        return Err(HarnessError::new(format!("axe-core failed: {error}")));
    }
    serde_json::from_value(answer["ok"].clone())
        .map_err(|e| HarnessError::new(format!("axe-core's answer: {e}: {answer}")))
}

/// An interactive element smaller than 24 × 24 CSS px that no exception of WCAG 2.2
/// 2.5.8 (Target Size, Minimum) covers.
#[derive(Debug, Clone, Deserialize)]
pub struct SmallTarget {
    /// Tag, id, classes and text, to find it.
    pub what: String,
    /// The target it is too close to (the spacing exception does not hold).
    pub near: String,
    /// Its box, in CSS px.
    pub width: f64,
    pub height: f64,
}

impl fmt::Display for SmallTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} ({:.1} × {:.1} px), too close to {}",
            self.what, self.width, self.height, self.near
        )
    }
}

/// Measures every visible interactive element (links, buttons, form controls, summary,
/// anything with a click role or in the tab order) and returns those under 24 × 24 CSS
/// px that 2.5.8's exceptions do not cover:
/// - *Inline*: a link or button laid out inline in a line of text (its parent block
///   has text of its own besides the target's), whose size the line sets.
/// - *Spacing*: a circle of 24 px diameter centred on the target's box reaches no other
///   target, nor the circle of another undersized target.
/// - *User agent control*: a checkbox or radio button the browser draws at its default
///   size, whose `<label>` (a target too: clicking it toggles the control) is at least
///   24 px high, so the pair can be hit.
///
/// Visually hidden elements (1 px and clipped, e.g. the skip link's text for screen
/// readers) are not targets. Nothing here changes the page.
pub async fn small_targets(browser: &Browser) -> Result<Vec<SmallTarget>> {
    let script = r#"
        const SELECTOR = 'a[href], button, input:not([type=hidden]), select, textarea, summary, '
            + '[role=button], [role=link], [role=checkbox], [role=radio], [role=tab], '
            + '[role=menuitem], [role=switch], [tabindex]:not([tabindex="-1"])';
        const visible = el => {
            const s = getComputedStyle(el);
            if (s.visibility === 'hidden' || s.display === 'none') return false;
            const r = el.getBoundingClientRect();
            if (r.width === 0 && r.height === 0) return false;
            // Visually hidden (the .visually-hidden pattern): not a pointer target.
            if (r.width <= 1 && r.height <= 1) return false;
            return el.getClientRects().length > 0 && !el.closest('[inert], [aria-hidden=true]');
        };
        // The part of an element that an ancestor with `overflow: hidden` (or `clip`)
        // does not cut off: only that can be hit (Leaflet's container clips a popup
        // that the map's move left outside it). Up to the nearest scrolling ancestor
        // only: what that hides, scrolling brings into view.
        const rect = el => {
            const r = el.getBoundingClientRect();
            let [l, t, rt, b] = [r.left, r.top, r.right, r.bottom];
            for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
                const s = getComputedStyle(a);
                const o = [s.overflowX, s.overflowY];
                if (o.some(v => v === 'auto' || v === 'scroll')) break;
                if (!o.some(v => v === 'hidden' || v === 'clip')) continue;
                const c = a.getBoundingClientRect();
                [l, t, rt, b] = [Math.max(l, c.left), Math.max(t, c.top), Math.min(rt, c.right), Math.min(b, c.bottom)];
            }
            return { left: l, top: t, right: Math.max(l, rt), bottom: Math.max(t, b),
                     width: Math.max(0, rt - l), height: Math.max(0, b - t) };
        };
        const hittable = el => { const r = rect(el); return r.width > 0 && r.height > 0; };
        // While a modal dialog is open, the page behind it is inert: not a target.
        const modal = document.querySelector('dialog:modal');
        const targets = [...document.querySelectorAll(SELECTOR)]
            .filter(el => !modal || modal.contains(el))
            .filter(visible)
            .filter(hittable);
        const small = el => { const r = rect(el); return r.width < 24 || r.height < 24; };
        const centre = r => [r.left + r.width / 2, r.top + r.height / 2];
        const distToRect = ([x, y], r) => {
            const dx = Math.max(r.left - x, 0, x - r.right);
            const dy = Math.max(r.top - y, 0, y - r.bottom);
            return Math.hypot(dx, dy);
        };
        const inline = el => {
            if (getComputedStyle(el).display !== 'inline') return false;
            let block = el.parentElement;
            while (block && getComputedStyle(block).display === 'inline') block = block.parentElement;
            if (!block) return false;
            const own = (el.textContent || '').trim().length;
            const all = (block.textContent || '').trim().length;
            return all > own;
        };
        const labelled = el => {
            if (!(el instanceof HTMLInputElement) || !['checkbox', 'radio'].includes(el.type)) return false;
            return [...(el.labels || [])].some(l => rect(l).height >= 24 && rect(l).width >= 24);
        };
        // The nearest scrolling ancestor, and whether the element's 24 px circle is
        // wholly in its view: a row scrolled (even partly) out of a list's view, or
        // flush with its edge, lies on screen over or by whatever is beside the list
        // only at that scroll position; it is scrolled into view to be hit. Such a
        // row is compared with the targets of its own list only.
        const scroller = el => {
            for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
                const s = getComputedStyle(a);
                if ([s.overflowX, s.overflowY].some(v => v === 'auto' || v === 'scroll')) return a;
            }
            return null;
        };
        const inView = el => {
            const box = scroller(el);
            if (!box) return true;
            const r = rect(el), c = box.getBoundingClientRect();
            const [x, y] = centre(r);
            const inside = (lo, hi, a, b) => Math.min(lo, a - 12) >= b.lo && Math.max(hi, a + 12) <= b.hi;
            return inside(r.left, r.right, x, { lo: c.left, hi: c.right })
                && inside(r.top, r.bottom, y, { lo: c.top, hi: c.bottom });
        };
        // The target that a circle of 24 px centred on `el` reaches (or whose own
        // circle it reaches, for another undersized one), if any.
        const crowding = (el, undersized) => {
            const c = centre(rect(el));
            for (const other of targets) {
                if (other === el || other.contains(el) || el.contains(other)) continue;
                if (scroller(other) !== scroller(el) && !(inView(el) && inView(other))) continue;
                if (distToRect(c, rect(other)) < 12) return other;
                const o = centre(rect(other));
                if (undersized.has(other) && Math.hypot(c[0] - o[0], c[1] - o[1]) < 24) return other;
            }
            return null;
        };
        const undersized = new Set(targets.filter(small));
        const describe = el => {
            const id = el.id ? '#' + el.id : '';
            const cls = typeof el.className === 'string' && el.className.trim()
                ? '.' + el.className.trim().split(/\s+/).join('.') : '';
            const testid = el.dataset && el.dataset.testid ? `[data-testid=${el.dataset.testid}]` : '';
            const text = (el.textContent || el.getAttribute('aria-label') || el.value || '').trim().slice(0, 40);
            return `<${el.tagName.toLowerCase()}${id}${cls}${testid}> ${JSON.stringify(text)}`;
        };
        return [...undersized]
            .filter(el => !inline(el) && !labelled(el))
            .map(el => [el, crowding(el, undersized)])
            .filter(([, near]) => near)
            .map(([el, near]) => ({
                what: describe(el), near: describe(near), width: rect(el).width, height: rect(el).height,
            }));
    "#;
    let found = browser.eval(script).await?;
    serde_json::from_value(found.clone())
        .map_err(|e| HarnessError::new(format!("the touch targets' answer: {e}: {found}")))
}

/// What a media feature is emulated as: `prefers-reduced-motion: reduce`,
/// `forced-colors: active` (Chromium's emulation through the DevTools protocol).
pub async fn emulate_media(browser: &Browser, features: &[(&str, &str)]) -> Result<()> {
    let features: Vec<Value> = features
        .iter()
        .map(|(name, value)| json!({ "name": name, "value": value }))
        .collect();
    browser
        .cdp(
            "Emulation.setEmulatedMedia",
            json!({ "features": features }),
        )
        .await?;
    Ok(())
}

/// A language the app can be read in. The accessibility test runs once per language
/// in [`Language::TESTED`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    English,
    Spanish,
}

impl Language {
    /// The languages the accessibility test reads the app in: every language the app has.
    pub const TESTED: &'static [Language] = &[Language::English, Language::Spanish];

    /// The key in `localStorage` where the app keeps the reader's choice of language.
    pub const STORAGE_KEY: &'static str = "porchlight.lang";

    /// Its BCP 47 code, as `<html lang>` carries it.
    pub fn code(self) -> &'static str {
        match self {
            Language::English => "en",
            Language::Spanish => "es",
        }
    }

    /// Chooses this language as the reader would (the choice the app remembers), on the
    /// page open now; it applies from the next page load. English is the app's default
    /// and needs no choice.
    pub async fn choose(self, browser: &Browser) -> Result<()> {
        if self == Language::English {
            return Ok(());
        }
        // Script, because WebDriver has no access to the page's storage: what the
        // header's language switcher stores.
        browser
            .eval(&format!(
                "localStorage.setItem({:?}, {:?}); return true;",
                Self::STORAGE_KEY,
                self.code()
            ))
            .await?;
        Ok(())
    }

    /// Fails unless the page says (`<html lang>`) it is in this language.
    pub async fn assert_shown(self, browser: &Browser) -> Result<()> {
        let lang = browser
            .eval("return document.documentElement.lang;")
            .await?;
        let lang = lang.as_str().unwrap_or_default();
        if lang == self.code() || lang.starts_with(&format!("{}-", self.code())) {
            Ok(())
        } else {
            Err(HarnessError::new(format!(
                "the page should be in {:?} but <html lang> is {lang:?}",
                self
            )))
        }
    }
}
