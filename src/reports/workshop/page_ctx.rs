//! What the page's sections share: the context each writes itself from, the
//! figure around a chart, and short chart labels.

use maud::{html, Markup, PreEscaped};

use super::charts::{hbar_svg, Chart};
use super::dto::WorkshopReport;
use super::negotiate::Lang;
use super::texts::Texts;
use crate::error::ApiError;

/// What every section needs to write itself.
pub struct Ctx<'a> {
    pub lang: Lang,
    pub t: &'static Texts,
    pub report: &'a WorkshopReport,
}

/// A chart in a figure: caption, the drawing (its numbers also in `table`), the table.
pub fn figure(caption: &str, chart: &Chart<'_>, table: Markup) -> Result<Markup, ApiError> {
    let svg = hbar_svg(chart)?;
    Ok(html! {
        figure {
            figcaption { (caption) }
            div.chart role="img" aria-label=(caption) { (PreEscaped(svg)) }
            (table)
        }
    })
}

/// `text` cut to `max` characters with an ellipsis (chart labels; tables keep it whole).
pub fn short(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max.saturating_sub(1)).collect();
    format!("{}…", cut.trim_end())
}
