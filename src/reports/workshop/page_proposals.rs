//! The proposals on the page: Appendix 1 as a systems-model category × tier grid
//! with each proposal's workflow status, and the selected development measures.

use std::collections::HashMap;

use maud::{html, Markup};

use super::dto::ReportProposal;
use super::names::{category, status};
use super::page_ctx::Ctx;
use crate::proposals::{Category, ProposalStatus};

fn status_badge(ctx: &Ctx<'_>, p: &ReportProposal) -> Markup {
    let chosen =
        matches!(p.status, ProposalStatus::Selected | ProposalStatus::InProgress | ProposalStatus::Done);
    let label = format!("{}: {}", ctx.t.status_label, status(ctx.lang, p.status));
    html! {
        span.status.chosen[chosen] title=(label) { (status(ctx.lang, p.status)) }
    }
}

/// One proposal in a cell; a sub-proposal names the proposal it belongs to.
fn item(ctx: &Ctx<'_>, p: &ReportProposal, titles: &HashMap<&str, &str>) -> Markup {
    let parent = p.parent.as_deref().and_then(|id| titles.get(id));
    html! {
        li.sub[parent.is_some()] {
            (ctx.lang.pick(&p.title)) " " (status_badge(ctx, p))
            @if let Some(parent) = parent { " " span.part-of { "(" (ctx.t.part_of) ": " (parent) ")" } }
        }
    }
}

/// Appendix 1: rows are the six categories, columns the three tiers.
pub fn appendix(ctx: &Ctx<'_>) -> Markup {
    let (t, lang) = (ctx.t, ctx.lang);
    let proposals = &ctx.report.proposals;
    let titles: HashMap<&str, &str> =
        proposals.iter().map(|p| (p.id.as_str(), lang.pick(&p.title))).collect();
    let cell = |c: Category, tier: i32| -> Vec<&ReportProposal> {
        proposals.iter().filter(|p| p.category == c && p.tier == tier).collect()
    };
    html! {
        section #appendix-1 {
            h2 { (t.appendix_heading) }
            @if proposals.is_empty() {
                p { (t.no_proposals) }
            } @else {
                p.note { (t.appendix_intro) }
                table.grid {
                    thead { tr {
                        th scope="col" { (t.col_category) }
                        @for (i, name) in t.tiers.iter().enumerate() {
                            th scope="col" { (t.tier) " " (i + 1) ": " (name) }
                        }
                    } }
                    tbody { @for &c in Category::ALL { tr {
                        th scope="row" { (category(lang, c)) }
                        @for tier in 1..=3 {
                            td {
                                @let items = cell(c, tier);
                                @if items.is_empty() { "–" } @else {
                                    ul { @for p in items { (item(ctx, p, &titles)) } }
                                }
                            }
                        }
                    } } }
                }
            }
        }
    }
}

/// The selected development measures, numbered by their `selected_order`.
pub fn measures(ctx: &Ctx<'_>) -> Markup {
    let (t, lang) = (ctx.t, ctx.lang);
    let selected = &ctx.report.selected_measures;
    html! {
        section #measures {
            h2 { (t.measures_heading) }
            @if selected.is_empty() {
                p { (t.no_measures) }
            } @else {
                ol.measures {
                    @for p in selected {
                        li value=[p.selected_order] { (lang.pick(&p.title)) " " (status_badge(ctx, p)) }
                    }
                }
            }
        }
    }
}
