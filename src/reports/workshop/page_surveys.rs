//! The survey sections of the page: the pre-assignment by collaboration area and
//! the feedback (ratings as stacked bars, the grade per event). A figure that is
//! not published is said in words, never drawn as a zero.

use maud::{html, Markup};

use super::charts::{Bar, Chart, Segment};
use super::dto::{AreaShare, EventGrade, Feedback, Grades, PreAssignment, Rating};
use super::format::{date, dec1, dec1_value, pct, share_value};
use super::page_ctx::{figure, short, Ctx};
use super::texts::fill;
use crate::error::ApiError;

const LABEL_CHARS: usize = 32;

fn share_data(share: f64) -> Markup {
    html! { data value=(share_value(share)) { (pct(share)) } }
}

fn dec_data(ctx: &Ctx<'_>, x: f64) -> Markup {
    html! { data value=(dec1_value(x)) { (dec1(ctx.lang, x)) } }
}

fn area_name(ctx: &Ctx<'_>, a: &AreaShare) -> String {
    a.name.as_ref().map_or_else(|| a.area.clone(), |n| ctx.lang.pick(n).to_owned())
}

fn pct_ticks(v: &f64) -> String {
    format!("{v:.0}")
}

/// The pre-assignment section (or why there is none).
pub fn pre_assignment(ctx: &Ctx<'_>) -> Result<Markup, ApiError> {
    let t = ctx.t;
    let Some(pre) = &ctx.report.pre_assignment else {
        return Ok(html! { section #pre-assignment { h2 { (t.pre_heading) } p { (t.no_pre) } } });
    };
    let chart = match &pre.question {
        Some(_) => Some(share_figure(ctx, pre)?),
        None => None,
    };
    Ok(html! {
        section #pre-assignment {
            h2 { (t.pre_heading) }
            @if let Some(q) = &pre.question {
                p { (t.pre_intro) }
                blockquote { (ctx.lang.pick(&q.text)) }
            }
            @if let Some(chart) = chart { (chart) } @else { (share_table(ctx, pre)) }
            @for a in pre.areas.iter().filter(|a| a.suppressed) {
                p { (fill(t.too_few_area, &[("area", &area_name(ctx, a))])) }
            }
        }
    })
}

fn share_figure(ctx: &Ctx<'_>, pre: &PreAssignment) -> Result<Markup, ApiError> {
    let bars: Vec<Bar> = pre
        .areas
        .iter()
        .map(|a| {
            let label = short(&area_name(ctx, a), LABEL_CHARS);
            match (a.suppressed, a.positive_share) {
                (false, Some(s)) => {
                    let n = a.n.map(|n| format!(" (n = {n})")).unwrap_or_default();
                    let segments = vec![Segment { value: s * 100.0, shade: 1, text: String::new() }];
                    Bar { label, segments, note: format!("{}{n}", pct(s)) }
                }
                _ => Bar { label, segments: Vec::new(), note: ctx.t.too_few.to_owned() },
            }
        })
        .collect();
    let chart = Chart {
        bars: &bars,
        max: 100.0,
        ticks: 6,
        tick_label: &pct_ticks,
        x_desc: "%",
        marker: None,
        legend: &[],
    };
    figure(ctx.t.pre_caption, &chart, share_table(ctx, pre))
}

fn share_table(ctx: &Ctx<'_>, pre: &PreAssignment) -> Markup {
    let t = ctx.t;
    let answered_col =
        pre.areas.iter().chain([&pre.total]).any(|a| a.answered.is_some() && a.answered != a.n);
    let row = |a: &AreaShare| {
        html! {
            td.num { @if let Some(n) = a.n { (n) } @else { "–" } }
            @if answered_col { td.num { @if let Some(n) = a.answered { (n) } @else { "–" } } }
            @if pre.question.is_some() {
                @match (a.suppressed, a.positive_share) {
                    (false, Some(s)) => td.num { (share_data(s)) },
                    _ => td.too-few { (t.too_few) },
                }
            }
        }
    };
    html! {
        table {
            thead { tr {
                th scope="col" { (t.col_collab_area) } th.num scope="col" { (t.col_respondents) }
                @if answered_col { th.num scope="col" { (t.col_answered) } }
                @if pre.question.is_some() { th.num scope="col" { (t.col_agree) } }
            } }
            tbody { @for a in &pre.areas { tr { th scope="row" { (area_name(ctx, a)) } (row(a)) } } }
            @if !pre.total.suppressed {
                tfoot { tr { th scope="row" { (t.all_areas) } (row(&pre.total)) } }
            }
        }
    }
}

/// The feedback section (or why there is none).
pub fn feedback(ctx: &Ctx<'_>) -> Result<Markup, ApiError> {
    let t = ctx.t;
    let Some(fb) = &ctx.report.feedback else {
        return Ok(html! { section #feedback { h2 { (t.feedback_heading) } p { (t.no_feedback) } } });
    };
    let ratings = if fb.ratings.is_empty() { None } else { Some(rating_figure(ctx, fb)?) };
    let grades = match &fb.grades {
        Some(_) => Some(grade_figure(ctx, fb)?),
        None => None,
    };
    Ok(html! {
        section #feedback {
            h2 { (t.feedback_heading) }
            @match fb.respondents {
                Some(n) if !fb.suppressed => p { (fill(t.feedback_intro, &[("n", &n.to_string())])) },
                _ => p { (t.feedback_withheld) },
            }
            @if let Some(r) = ratings { (r) }
            @for r in &fb.ratings { @if let Some(s) = rating_sentence(ctx, r) { p { (s) } } }
            @if let Some(g) = grades { (g) }
        }
    })
}

fn rating_sentence(ctx: &Ctx<'_>, r: &Rating) -> Option<Markup> {
    let (count, share, sat) = (r.excellent_good?, r.positive_share?, r.satisfactory?);
    let (pre, rest) = ctx.t.rating_sentence.split_once("{pct}")?;
    let q = ctx.lang.pick(&r.question.text);
    let values = [("question", q), ("count", &count.to_string()), ("satisfactory", &sat.to_string())];
    Some(html! { (fill(pre, &values)) (share_data(share)) (fill(rest, &values)) })
}

/// One rating question's bar: the share of each level, or "too few".
fn rating_bar(ctx: &Ctx<'_>, r: &Rating) -> Bar {
    let label = short(ctx.lang.pick(&r.question.text), LABEL_CHARS);
    let levels = [r.excellent_good, r.satisfactory, r.passable, r.poor];
    let Some(n) = r.n.filter(|n| *n > 0 && !r.suppressed) else {
        return Bar { label, segments: Vec::new(), note: ctx.t.too_few.to_owned() };
    };
    let segments = levels
        .iter()
        .enumerate()
        .filter_map(|(i, c)| c.filter(|c| *c > 0).map(|c| (i, c)))
        .map(|(i, c)| Segment { value: c as f64 * 100.0 / n as f64, shade: i, text: c.to_string() })
        .collect();
    Bar { label, segments, note: format!("n = {n}") }
}

/// The ratings' numbers: count and share per level, and n.
fn rating_table(ctx: &Ctx<'_>, fb: &Feedback) -> Markup {
    let t = ctx.t;
    let cell = |c: Option<i64>, n: Option<i64>| match (c, n) {
        (Some(c), Some(n)) if n > 0 => html! { (c) " (" (share_data(c as f64 / n as f64)) ")" },
        _ => html! { "–" },
    };
    html! {
        table {
            thead { tr { th scope="col" { (t.col_question) } @for l in t.levels { th.num scope="col" { (l) } } th.num scope="col" { "n" } } }
            tbody { @for r in &fb.ratings { tr {
                th scope="row" { (ctx.lang.pick(&r.question.text)) }
                @if r.suppressed { td.too-few colspan="5" { (t.too_few) } } @else {
                    @for c in [r.excellent_good, r.satisfactory, r.passable, r.poor] { td.num { (cell(c, r.n)) } }
                    td.num { @if let Some(n) = r.n { (n) } }
                }
            } } }
        }
    }
}

fn rating_figure(ctx: &Ctx<'_>, fb: &Feedback) -> Result<Markup, ApiError> {
    let t = ctx.t;
    let bars: Vec<Bar> = fb.ratings.iter().map(|r| rating_bar(ctx, r)).collect();
    let legend: Vec<(usize, String)> =
        t.levels.iter().enumerate().map(|(i, l)| (i, (*l).to_owned())).collect();
    let chart = Chart {
        bars: &bars,
        max: 100.0,
        ticks: 6,
        tick_label: &pct_ticks,
        x_desc: "%",
        marker: None,
        legend: &legend,
    };
    figure(t.ratings_caption, &chart, rating_table(ctx, fb))
}

fn event_label(ctx: &Ctx<'_>, e: &EventGrade) -> String {
    let lang = ctx.lang;
    match (&e.area_name, &e.city) {
        (Some(a), Some(c)) => format!("{}, {}", lang.pick(a), lang.pick(c)),
        (Some(a), None) => lang.pick(a).to_owned(),
        _ => e.title.as_ref().map_or_else(|| e.event_id.clone(), |t| lang.pick(t).to_owned()),
    }
}

/// One event's bar: its mean grade, or "too few".
fn grade_bar(ctx: &Ctx<'_>, e: &EventGrade) -> Bar {
    let label = short(&event_label(ctx, e), LABEL_CHARS);
    match e.mean {
        Some(m) => {
            let n = e.n.map(|n| format!(" (n = {n})")).unwrap_or_default();
            Bar {
                label,
                segments: vec![Segment { value: m, shade: 1, text: String::new() }],
                note: format!("{}{n}", dec1(ctx.lang, m)),
            }
        }
        None => Bar { label, segments: Vec::new(), note: ctx.t.too_few.to_owned() },
    }
}

/// The grades' numbers: each event's date, n and mean, and the mean of the means.
fn grade_table(ctx: &Ctx<'_>, g: &Grades) -> Markup {
    let (t, lang) = (ctx.t, ctx.lang);
    html! {
        table {
            thead { tr { th scope="col" { (t.col_event) } th scope="col" { (t.col_date) } th.num scope="col" { "n" } th.num scope="col" { (t.col_mean) } } }
            tbody { @for e in &g.events { tr {
                th scope="row" { (event_label(ctx, e)) }
                td.nowrap { @if let Some(d) = e.starts_on { (date(lang, d)) } }
                @match e.mean {
                    Some(m) => { td.num { @if let Some(n) = e.n { (n) } } td.num { (dec_data(ctx, m)) } },
                    None => td.too-few colspan="2" { (t.too_few) },
                }
            } } }
            @if let Some(m) = g.mean_of_event_means {
                tfoot { tr { th scope="row" colspan="3" { (t.mean_of_means) } td.num { (dec_data(ctx, m)) } } }
            }
        }
    }
}

fn grade_figure(ctx: &Ctx<'_>, fb: &Feedback) -> Result<Markup, ApiError> {
    let (t, lang) = (ctx.t, ctx.lang);
    let Some(g) = &fb.grades else { return Ok(html! {}) };
    let bars: Vec<Bar> = g.events.iter().map(|e| grade_bar(ctx, e)).collect();
    let marker = g.mean_of_event_means.map(|m| (m, fill(t.mean_marker, &[("mean", &dec1(lang, m))])));
    let ticks = |v: &f64| format!("{v:.0}");
    let chart =
        Chart { bars: &bars, max: 10.0, ticks: 6, tick_label: &ticks, x_desc: "", marker, legend: &[] };
    let fig = figure(t.grades_caption, &chart, grade_table(ctx, g))?;
    Ok(html! { (fig) @if let Some(s) = grades_sentence(ctx, fb) { p { (s) } } })
}

/// The highest and lowest event means and the mean of the means, as the report says them.
fn grades_sentence(ctx: &Ctx<'_>, fb: &Feedback) -> Option<Markup> {
    let g = fb.grades.as_ref()?;
    let shown: Vec<(&EventGrade, f64)> = g.events.iter().filter_map(|e| e.mean.map(|m| (e, m))).collect();
    if shown.len() < 2 {
        return None;
    }
    let hi = shown.iter().max_by(|a, b| a.1.total_cmp(&b.1))?;
    let lo = shown.iter().min_by(|a, b| a.1.total_cmp(&b.1))?;
    let mean = g.mean_of_event_means?;
    let parts: Vec<&str> = ctx.t.grades_sentence.split(['{', '}']).collect();
    Some(html! {
        @for (i, part) in parts.iter().enumerate() {
            @if i % 2 == 0 { (part) } @else {
                @match *part {
                    "hi" => (dec_data(ctx, hi.1)),
                    "lo" => (dec_data(ctx, lo.1)),
                    "mean" => (dec_data(ctx, mean)),
                    "hi_event" => (event_label(ctx, hi.0)),
                    "lo_event" => (event_label(ctx, lo.0)),
                    "k" => (g.events_counted),
                    other => (other),
                }
            }
        }
    })
}
