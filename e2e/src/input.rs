//! Real input, as a person gives it: key presses, mouse moves, clicks, drags and the
//! mouse wheel, all through the WebDriver Actions API (or WebDriver's own element
//! click), so the page sees the same trusted events a user's keyboard and mouse make.
//!
//! Nothing here changes the page by script. Where a helper must know something only
//! the page can tell (where an element is and what scrolls it, the browser's clock and
//! time zone), it reads it with a script that changes nothing, and says so there.

use std::time::{Duration, Instant};

use fantoccini::actions::{
    InputSource, KeyAction, KeyActions, MouseActions, PointerAction, WheelAction, WheelActions,
    MOUSE_BUTTON_LEFT,
};
use fantoccini::elements::Element;
use fantoccini::Locator;
use serde_json::Value;

use crate::browser::{Browser, DEFAULT_TIMEOUT};
use crate::error::{HarnessError, Result};
use crate::keys::{BACKSPACE, LEFT, MODIFIERS, RIGHT, TAB};

/// How often the helpers here look again while they wait for the page to settle.
const POLL: Duration = Duration::from_millis(50);

/// Presses the keys of `keys` one after the other on whatever has focus, as a keyboard
/// does: each key goes down and up. A modifier (such as [`crate::keys::SHIFT`]) stays
/// down for the keys after it, until the end of the string: `format!("{SHIFT}{TAB}")`
/// is Shift+Tab.
///
/// Unlike `Element::send_keys`, this never sets a value behind the page's back: for
/// the controls WebDriver calls non-typeable (`datetime-local`, `date`, `range`…),
/// `send_keys` assigns the input's `value` property instead of typing.
pub async fn press(browser: &Browser, keys: &str) -> Result<()> {
    let mut actions = KeyActions::new("keyboard".to_owned());
    let mut held = Vec::new();
    for key in keys.chars() {
        actions = actions.then(KeyAction::Down { value: key });
        if MODIFIERS.contains(&key) {
            held.push(key);
        } else {
            actions = actions.then(KeyAction::Up { value: key });
        }
    }
    for key in held.into_iter().rev() {
        actions = actions.then(KeyAction::Up { value: key });
    }
    browser
        .client()
        .perform_actions(actions)
        .await
        .map_err(|e| HarnessError::from(e).context(format!("pressing {keys:?}")))
}

/// One left click at `(dx, dy)` pixels from the element's centre, with the mouse.
pub async fn click_at(browser: &Browser, element: &Element, dx: i64, dy: i64) -> Result<()> {
    let mouse = MouseActions::new("mouse".to_owned())
        .then(PointerAction::MoveToElement {
            element: element.clone(),
            duration: None,
            x: dx,
            y: dy,
        })
        .then(PointerAction::Down {
            button: MOUSE_BUTTON_LEFT,
        })
        .then(PointerAction::Up {
            button: MOUSE_BUTTON_LEFT,
        });
    Ok(browser.client().perform_actions(mouse).await?)
}

/// Drags with the left button from the element's centre by `(dx, dy)` pixels, over a
/// third of a second, then holds still a moment before letting go, as a person placing
/// something does (so a map does not fling on with inertia after the release).
pub async fn drag(browser: &Browser, element: &Element, dx: i64, dy: i64) -> Result<()> {
    let mouse = MouseActions::new("mouse".to_owned())
        .then(PointerAction::MoveToElement {
            element: element.clone(),
            duration: None,
            x: 0,
            y: 0,
        })
        .then(PointerAction::Down {
            button: MOUSE_BUTTON_LEFT,
        })
        .then(PointerAction::MoveBy {
            duration: Some(Duration::from_millis(300)),
            x: dx,
            y: dy,
        })
        .then(PointerAction::Pause {
            duration: Duration::from_millis(100),
        })
        .then(PointerAction::Up {
            button: MOUSE_BUTTON_LEFT,
        });
    Ok(browser.client().perform_actions(mouse).await?)
}

/// Whether the element with focus matches the CSS selector (asked through WebDriver:
/// its active element against the matching elements).
pub async fn has_focus(browser: &Browser, css: &str) -> Result<bool> {
    let active = browser.client().active_element().await?.element_id();
    let matching = browser.client().find_all(Locator::Css(css)).await?;
    Ok(matching.iter().any(|e| e.element_id() == active))
}

/// Presses Tab until the element with focus matches `css`, at most `max_presses`
/// times; fails saying where focus ended up. Focus moves only as the keyboard moves
/// it, so this also checks that the control is reachable, in that order.
pub async fn tab_to(browser: &Browser, css: &str, max_presses: usize) -> Result<()> {
    for _ in 0..max_presses {
        if has_focus(browser, css).await? {
            return Ok(());
        }
        press(browser, TAB).await?;
    }
    if has_focus(browser, css).await? {
        return Ok(());
    }
    Err(HarnessError::new(format!(
        "{max_presses} presses of Tab did not reach `{css}`; focus is on {}",
        describe_focus(browser).await?
    )))
}

/// The element with focus, as a person would name it: tag, id, test id and text.
pub async fn describe_focus(browser: &Browser) -> Result<String> {
    let active = browser.client().active_element().await?;
    let tag = active.tag_name().await?;
    let id = active.attr("id").await?.unwrap_or_default();
    let test_id = active.attr("data-testid").await?.unwrap_or_default();
    let text: String = active.text().await?.chars().take(40).collect();
    Ok(format!(
        "<{tag} id={id:?} data-testid={test_id:?}> {text:?}"
    ))
}

/// Where the page should put an element that [`scroll_into_view`] scrolls to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// Its top near the top of what scrolls it (a heading above its section).
    Top,
    /// Its middle in the middle (or its top near the top, when it is taller).
    Centre,
}

/// Scrolls with the mouse wheel until the element is where `place` says, as a person
/// scrolls to something before looking at it or clicking on it. The wheel turns over a
/// part of the page that scrolls the element and is not a map (a Leaflet map takes the
/// wheel to zoom). Waits until the scrolling has come to rest.
pub async fn scroll_into_view(browser: &Browser, css: &str, place: Place) -> Result<()> {
    let deadline = Instant::now() + DEFAULT_TIMEOUT;
    let mut last: Option<f64> = None;
    loop {
        let sight = wheel_sight(browser, css, place).await?;
        let delta = sight["delta"].as_f64().unwrap_or(0.0);
        let top = sight["top"].as_f64().unwrap_or(f64::NAN);
        // Where scrolling cannot go further (the end of the page), stop there.
        let stuck = last.is_some_and(|t| (t - top).abs() < 0.5);
        if delta.abs() < 2.0 || stuck {
            return Ok(());
        }
        if Instant::now() >= deadline {
            return Err(HarnessError::new(format!(
                "could not scroll `{css}` into view with the wheel: {sight}"
            )));
        }
        let (Some(x), Some(y)) = (sight["x"].as_i64(), sight["y"].as_i64()) else {
            return Err(HarnessError::new(format!(
                "no place to turn the mouse wheel over `{css}`'s scroller: {sight}"
            )));
        };
        let wheel = WheelActions::new("wheel".to_owned()).then(WheelAction::Scroll {
            duration: None,
            x,
            y,
            delta_x: 0,
            delta_y: delta.round() as i64,
        });
        browser.client().perform_actions(wheel).await?;
        last = Some(top);
        settle(browser, css).await?;
    }
}

/// Waits until the element stops moving (a wheel scroll may be animated).
async fn settle(browser: &Browser, css: &str) -> Result<()> {
    let element = browser.wait_for(css).await?;
    let mut previous = element.rectangle().await?.1;
    let deadline = Instant::now() + Duration::from_secs(3);
    loop {
        tokio::time::sleep(POLL).await;
        let now = element.rectangle().await?.1;
        if (now - previous).abs() < 0.5 || Instant::now() >= deadline {
            return Ok(());
        }
        previous = now;
    }
}

/// Reads (a script that changes nothing: only the page knows its layout) where the
/// element is, how far to scroll to put it at `place`, and a point to turn the wheel
/// over: inside the element's scroller, on nothing that takes the wheel itself.
async fn wheel_sight(browser: &Browser, css: &str, place: Place) -> Result<Value> {
    let centre = place == Place::Centre;
    let script = format!(
        r#"const el = document.querySelector({css:?});
        if (!el) return null;
        const scrolls = e => {{
            const s = getComputedStyle(e).overflowY;
            return (s === 'auto' || s === 'scroll') && e.scrollHeight > e.clientHeight;
        }};
        let scroller = el.parentElement;
        while (scroller && !scrolls(scroller)) scroller = scroller.parentElement;
        const view = scroller ? scroller.getBoundingClientRect()
            : {{ left: 0, top: 0, right: innerWidth, bottom: innerHeight, width: innerWidth, height: innerHeight }};
        const box = el.getBoundingClientRect();
        const margin = 16;
        let target = view.top + margin;
        if ({centre} && box.height < view.height - 2 * margin)
            target = view.top + (view.height - box.height) / 2;
        const scrollerOf = e => {{ while (e && !scrolls(e)) e = e.parentElement; return e; }};
        let point = null;
        for (const fx of [0.02, 0.98, 0.5, 0.25, 0.75]) {{
            for (const fy of [0.5, 0.3, 0.7, 0.1, 0.9]) {{
                const x = Math.round(view.left + fx * view.width);
                const y = Math.round(view.top + fy * view.height);
                if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) continue;
                const hit = document.elementFromPoint(x, y);
                if (!hit || hit.closest('.leaflet-container')) continue;
                if (scrollerOf(hit) !== scroller) continue;
                point = [x, y];
                break;
            }}
            if (point) break;
        }}
        return {{ top: box.top, delta: box.top - target, x: point && point[0], y: point && point[1] }};"#
    );
    let sight = browser.eval(&script).await?;
    if sight.is_null() {
        return Err(HarnessError::new(format!(
            "no element matches `{css}` to scroll to"
        )));
    }
    Ok(sight)
}

/// A wall-clock date and time in the browser's time zone, as a `datetime-local`
/// input holds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LocalDateTime {
    pub year: i32,
    /// 1 to 12.
    pub month: u8,
    pub day: u8,
    /// 0 to 23.
    pub hour: u8,
    pub minute: u8,
    pub second: u8,
}

impl LocalDateTime {
    /// The input's value for this time: `2026-12-05T21:30:15`.
    pub fn input_value(&self) -> String {
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }

    /// What a person types into Chromium's `datetime-local` field (step of one second,
    /// `en-US`, the browser's language in these tests): month, day and year; the year
    /// takes up to six digits, so the right arrow leaves it; then hour (12-hour clock),
    /// minute and second, each moving on by itself after two digits; then A or P.
    fn keystrokes(&self) -> String {
        let hour12 = match self.hour % 12 {
            0 => 12,
            h => h,
        };
        let half = if self.hour < 12 { 'A' } else { 'P' };
        format!(
            "{:02}{:02}{:04}{RIGHT}{:02}{:02}{:02}{half}",
            self.month, self.day, self.year, hour12, self.minute, self.second
        )
    }
}

/// The browser's wall-clock time at `epoch_ms`, a JavaScript expression of
/// milliseconds since the epoch (e.g. `Date.now() - 3 * 3600e3`). Read by a script
/// that changes nothing: only the page knows its clock and time zone.
pub async fn browser_local_time(browser: &Browser, epoch_ms: &str) -> Result<LocalDateTime> {
    let parts = browser
        .eval(&format!(
            "const d = new Date({epoch_ms});
             return [d.getFullYear(), d.getMonth() + 1, d.getDate(), d.getHours(),
                     d.getMinutes(), d.getSeconds()];"
        ))
        .await?;
    let [year, month, day, hour, minute, second]: [i64; 6] = serde_json::from_value(parts.clone())
        .map_err(|e| {
            HarnessError::new(format!("the browser's time for {epoch_ms}: {e}: {parts}"))
        })?;
    let small = |v: i64| u8::try_from(v).unwrap_or(u8::MAX);
    Ok(LocalDateTime {
        year: i32::try_from(year).unwrap_or(i32::MAX),
        month: small(month),
        day: small(day),
        hour: small(hour),
        minute: small(minute),
        second: small(second),
    })
}

/// Types `time` into a `datetime-local` input, segment by segment, as a person does:
/// focus it (a click on its label, unless it already has focus), clear it (Backspace:
/// the page then empties the whole field), go to its first segment (left arrow), and
/// type the digits of each segment. Checks the input then holds exactly that value.
pub async fn type_datetime_local(browser: &Browser, css: &str, time: LocalDateTime) -> Result<()> {
    let input = browser.wait_for(css).await?;
    if !has_focus(browser, css).await? {
        let id = input
            .attr("id")
            .await?
            .ok_or_else(|| HarnessError::new(format!("`{css}` has no id, so no label to click")))?;
        browser
            .wait_for(&format!("label[for='{id}']"))
            .await?
            .click()
            .await?;
    }
    press(browser, BACKSPACE).await?;
    press(browser, &LEFT.repeat(8)).await?;
    press(browser, &time.keystrokes()).await?;
    let expected = time.input_value();
    let value = input.prop("value").await?.unwrap_or_default();
    // Chromium leaves out `:00` seconds.
    let value = if value.len() == 16 {
        format!("{value}:00")
    } else {
        value
    };
    if value == expected {
        Ok(())
    } else {
        Err(HarnessError::new(format!(
            "typed {expected} into `{css}` ({:?}), and it holds {value:?} \
             (is the browser's language not en-US?)",
            time.keystrokes()
        )))
    }
}
