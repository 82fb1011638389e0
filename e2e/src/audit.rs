//! The accessibility audit of a walk through the app, one state at a time: axe-core
//! ([`crate::a11y::axe`]) at 1280 px and 390 px, the touch targets
//! ([`crate::a11y::small_targets`]) at 390 px, and the skip link first in the tab
//! order. [`Audit::check`] looks at the page as it is now; [`Audit::report`] prints what
//! every check found and fails on any violation of impact *serious* or *critical*, on
//! more moderate or minor rules broken than allowed, on an undersized target and on a
//! page whose skip link is not first. `tests/accessibility.rs` audits every page,
//! `tests/responses.rs` the states of the residents' footage flow.

use std::collections::{BTreeMap, BTreeSet};

use crate::a11y::{axe, small_targets, Language};
use crate::browser::{Browser, Viewport};
use crate::e2e::E2e;
use crate::error::Result;
use crate::paths::artifacts_dir;

/// Every page's state is checked at these widths (the phone's last, for its targets).
pub const VIEWPORTS: [Viewport; 2] = [Viewport::DESKTOP, Viewport::PHONE];

/// What the audit found so far, over every page and viewport.
#[derive(Default)]
struct Findings {
    /// Serious and critical violations: each fails the test.
    blocking: Vec<String>,
    /// Moderate and minor ones, by rule: where they occur.
    lesser: BTreeMap<String, BTreeSet<String>>,
    /// What axe could not decide on ("needs review"), by rule: where.
    review: BTreeMap<String, BTreeSet<String>>,
    /// Undersized touch targets at 390 px.
    small: Vec<String>,
    /// Pages whose skip link is not the first focusable element.
    skip_link: Vec<String>,
    /// Violations (a rule broken in one state at one width) by impact.
    by_impact: BTreeMap<String, usize>,
    /// States × viewports checked.
    checks: usize,
}

/// An audit of the pages and states one test walks through, in one language.
pub struct Audit<'a> {
    e2e: &'a E2e,
    language: Language,
    /// What the report and its artifact are called besides the language: empty for
    /// the audit of every page, e.g. `responses` for another test's.
    name: &'static str,
    found: Findings,
}

impl<'a> Audit<'a> {
    /// An audit of the pages read in `language`. Its moderate and minor violations are
    /// written to `e2e/artifacts/axe-moderate-<language>.txt`.
    pub fn new(e2e: &'a E2e, language: Language) -> Self {
        Self {
            e2e,
            language,
            name: "",
            found: Findings::default(),
        }
    }

    /// The same, named `name` in the report and its artifact
    /// (`axe-moderate-<name>-<language>.txt`), for a test other than the audit of every
    /// page: the two never write the same file.
    pub fn named(e2e: &'a E2e, language: Language, name: &'static str) -> Self {
        Self {
            name,
            ..Self::new(e2e, language)
        }
    }

    /// The language the audit reads the app in.
    pub fn language(&self) -> Language {
        self.language
    }

    /// Opens `path` (a full page load), waits until it has rendered and checks that it
    /// is in the audit's language.
    pub async fn open(&self, path: &str) -> Result<()> {
        self.e2e.open(path).await?;
        settled(self.e2e).await?;
        self.language.assert_shown(self.e2e.browser()).await
    }

    /// Runs every check on the page as it is now, at each width, then goes back to
    /// the desktop width. `state` names it in the report.
    pub async fn check(&mut self, state: &str) -> Result<()> {
        let browser = self.e2e.browser();
        if !skip_link_first(self.e2e).await? {
            self.found.skip_link.push(state.to_owned());
        }
        for viewport in VIEWPORTS {
            browser.set_viewport(viewport).await?;
            // The maps re-measure on resize (a ResizeObserver, before the next paint),
            // and what the new view loads has loaded.
            two_frames(browser).await?;
            settled(self.e2e).await?;
            // Nothing half-faded (Leaflet fades a popup in and out).
            browser
                .wait_until(
                    "the page's transitions have ended",
                    "document.getAnimations().every(a => a.playState !== 'running')",
                )
                .await?;
            let at = format!("{state} @ {}px", viewport.width);
            self.found.checks += 1;
            let found = axe(browser).await?;
            for v in found.incomplete {
                self.found
                    .review
                    .entry(format!("{} {}", v.id, v.help))
                    .or_default()
                    .insert(format!("{at}: {}", v.targets.join(" | ")));
            }
            for v in found.violations {
                *self.found.by_impact.entry(v.impact.clone()).or_default() += 1;
                if v.is_blocking() {
                    self.found.blocking.push(format!("{at}: {v}"));
                } else {
                    self.found
                        .lesser
                        .entry(format!("{} [{}] {} {}", v.id, v.impact, v.help, v.help_url))
                        .or_default()
                        .insert(format!("{at}: {}", v.targets.join(" | ")));
                }
            }
            if viewport == Viewport::PHONE {
                let small = small_targets(browser).await?;
                if !small.is_empty() {
                    let shot = browser.screenshot(&format!("FAILED-targets-{at}")).await?;
                    self.found
                        .small
                        .push(format!("{at}: see {}", shot.display()));
                }
                for t in small {
                    self.found.small.push(format!("{at}: {t}"));
                }
            }
        }
        browser.set_viewport(Viewport::DESKTOP).await?;
        two_frames(browser).await
    }

    /// Prints what was found, writes the lesser violations to the artifacts, and fails
    /// on a blocking violation, more than `lesser_rules_at_most` moderate or minor rules
    /// broken, an undersized target or a missing skip link.
    pub fn report(self, lesser_rules_at_most: usize) {
        let code = self.language.code();
        let (label, stem) = if self.name.is_empty() {
            (format!("axe [{code}]"), format!("axe-moderate-{code}"))
        } else {
            (
                format!("axe {} [{code}]", self.name),
                format!("axe-moderate-{}-{code}", self.name),
            )
        };
        let f = self.found;
        let mut lesser = String::new();
        for (rule, places) in &f.lesser {
            lesser.push_str(&format!("{rule}\n"));
            for place in places {
                lesser.push_str(&format!("    {place}\n"));
            }
        }
        let mut review = String::new();
        for (rule, places) in &f.review {
            review.push_str(&format!("{rule} ({} places)\n", places.len()));
            for place in places {
                review.push_str(&format!("    {place}\n"));
            }
        }
        let dir = artifacts_dir();
        let file = dir.join(format!("{stem}.txt"));
        std::fs::create_dir_all(&dir).expect("artifacts dir");
        std::fs::write(
            &file,
            format!("{lesser}\nNeeds review (axe could not decide):\n{review}"),
        )
        .expect("write the moderate violations");
        println!(
            "{label}: {} page states × widths checked; violations by impact: {:?}",
            f.checks, f.by_impact
        );
        println!(
            "{label}: {} moderate or minor rule(s) left (also in {}):\n{lesser}",
            f.lesser.len(),
            file.display()
        );
        println!(
            "{label}: {} rule(s) to review by eye (axe could not decide): {}",
            f.review.len(),
            f.review
                .keys()
                .map(String::as_str)
                .collect::<Vec<_>>()
                .join("; ")
        );
        let mut problems = Vec::new();
        if !f.blocking.is_empty() {
            problems.push(format!(
                "{} serious or critical axe violation(s):\n  {}",
                f.blocking.len(),
                f.blocking.join("\n  ")
            ));
        }
        if f.lesser.len() > lesser_rules_at_most {
            problems.push(format!(
                "{} moderate or minor axe rule(s) broken, more than the {} allowed \
                 (LESSER_RULES_AT_MOST): see the list above",
                f.lesser.len(),
                lesser_rules_at_most
            ));
        }
        if !f.small.is_empty() {
            problems.push(format!(
                "{} touch target(s) under 24 × 24 CSS px (WCAG 2.2 2.5.8) at 390 px:\n  {}",
                f.small.len(),
                f.small.join("\n  ")
            ));
        }
        if !f.skip_link.is_empty() {
            problems.push(format!(
                "the skip link is not the first focusable element on: {}",
                f.skip_link.join(", ")
            ));
        }
        let code = if self.name.is_empty() {
            code.to_owned()
        } else {
            format!("{} {code}", self.name)
        };
        assert!(problems.is_empty(), "[{code}] {}", problems.join("\n\n"));
    }
}

/// Waits for two frames of the page: what a resize set off (layout, the maps'
/// ResizeObserver, their redraw) has happened by then.
pub async fn two_frames(browser: &Browser) -> Result<()> {
    browser
        .client()
        .execute_async(
            "const done = arguments[arguments.length - 1];\
             requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
            vec![],
        )
        .await?;
    Ok(())
}

/// Waits until the app has rendered the page: its `<h1>` is there and nothing in
/// `<main>` is still loading.
pub async fn settled(e2e: &E2e) -> Result<()> {
    e2e.browser()
        .wait_until(
            "the page has rendered (an h1, nothing loading)",
            "!document.getElementById('boot') && document.querySelector('main h1') \
             && !document.querySelector('main .skeleton, main .loading')",
        )
        .await
}

/// Whether the skip link is the first element in the tab order (the first focusable
/// element in document order without a negative tabindex) and leads to `<main>`.
pub async fn skip_link_first(e2e: &E2e) -> Result<bool> {
    let ok = e2e
        .browser()
        .eval(
            "const first = document.querySelector(\
               'a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex=\"-1\"])');\
             return !!first && first.classList.contains('skip-link') \
               && first.getAttribute('href') === '#main' && !!document.getElementById('main');",
        )
        .await?;
    Ok(ok.as_bool() == Some(true))
}
