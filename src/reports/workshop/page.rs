//! The report as one self-contained HTML document (maud templates, inline CSS and
//! SVG, no scripts, nothing fetched): the header and Table 1 here, the survey
//! sections in `page_surveys`, the proposals in `page_proposals`.

use chrono::NaiveDate;
use maud::{html, Markup, PreEscaped, DOCTYPE};

use super::dto::WorkshopReport;
use super::format::date;
use super::negotiate::Lang;
use super::page_ctx::Ctx;
use super::texts::{fill, texts, Texts};
use super::{page_proposals, page_surveys};
use crate::error::ApiError;
use crate::reports::dto::EventReport;

const CSS: &str = include_str!("report.css");

/// The whole page.
pub fn render(report: &WorkshopReport, lang: Lang, today: NaiveDate) -> Result<String, ApiError> {
    let ctx = Ctx { lang, t: texts(lang), report };
    let title = fill(ctx.t.title, &[("year", &report.year.to_string())]);
    let pre = page_surveys::pre_assignment(&ctx)?;
    let feedback = page_surveys::feedback(&ctx)?;
    let page = html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                style { (PreEscaped(CSS)) }
            }
            body {
                (header(&ctx, &title, today))
                main {
                    (table1(&ctx, &report.events))
                    (pre)
                    (feedback)
                    (page_proposals::appendix(&ctx))
                    (page_proposals::measures(&ctx))
                }
            }
        }
    };
    Ok(page.into_string())
}

fn header(ctx: &Ctx<'_>, title: &str, today: NaiveDate) -> Markup {
    let (t, r, lang) = (ctx.t, ctx.report, ctx.lang);
    let dash = if lang == Lang::En { " – " } else { "–" };
    let period = format!("{}{dash}{}", date(lang, r.from), date(lang, r.to));
    let held = r.events.rows.first().zip(r.events.rows.last()).map(|(a, b)| {
        fill(t.events_held, &[("from", &date(lang, a.starts_on)), ("to", &date(lang, b.starts_on))])
    });
    let min = r.min_group_size.to_string();
    html! {
        header {
            p.organiser { (t.organiser) }
            h1 { (title) }
            p.meta { (t.period) ": " time datetime=(r.from) { (period) } }
            @if let Some(held) = held { p.meta { (held) } }
            p.meta.note {
                @if r.suppressed_small_groups { (fill(t.suppression, &[("min", &min)])) } @else { strong { (t.unsuppressed) } }
                " " (fill(t.compiled, &[("date", &date(lang, today))]))
            }
        }
    }
}

/// A headcount, with "about" for an estimate.
fn headcount(t: &Texts, n: Option<i64>, estimate: bool) -> Markup {
    html! {
        @match n {
            Some(n) => { @if estimate { (t.about) " " } (n) }
            None => "–",
        }
    }
}

fn table1(ctx: &Ctx<'_>, ev: &EventReport) -> Markup {
    let (t, lang) = (ctx.t, ctx.lang);
    html! {
        section #table1 {
            h2 { (t.table1) }
            @if ev.rows.is_empty() {
                p { (t.no_events) }
            } @else {
                table {
                    thead { tr {
                        th scope="col" { (t.col_area) } th scope="col" { (t.col_place) } th scope="col" { (t.col_date) }
                        th.num scope="col" { (t.col_registered) } th.num scope="col" { (t.col_attended) }
                    } }
                    tbody {
                        @for row in &ev.rows { tr {
                            td { (lang.pick(&row.area_name)) }
                            td { @if let Some(c) = &row.city { (lang.pick(c)) } }
                            td.nowrap { time datetime=(row.starts_on) { (date(lang, row.starts_on)) } }
                            td.num { (headcount(t, row.registered_count.map(i64::from), false)) }
                            td.num { (headcount(t, row.attended_count.map(i64::from), row.attended_is_estimate)) }
                        } }
                    }
                    tfoot { tr {
                        th scope="row" colspan="3" { (t.total) }
                        td.num { (ev.totals.registered_count) }
                        td.num { (headcount(t, Some(ev.totals.attended_count), ev.totals.attended_is_estimate)) }
                    } }
                }
            }
        }
    }
}
