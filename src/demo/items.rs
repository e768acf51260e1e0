//! The demo steps: events, then proposals linked to them.

use anyhow::Context;
use diesel::prelude::*;

use super::{demo_id, millis, DemoEvent, DemoItem, LoadedEvents, ACTOR};
use crate::common::LocalizedText;
use crate::db::schema::events as e;
use crate::db::{self, DbConn};
use crate::events::input::EventFields;
use crate::events::{EventFormat, EventStatus};
use crate::proposals::input::ProposalFields;
use crate::proposals::model::ProposalRow;
use crate::proposals::{links, repo as proposals, Category, ProposalStatus};

/// The event of an area on a day, if there is one already.
fn existing_event(
    c: &mut DbConn,
    id: &str,
    area: &str,
    day: chrono::NaiveDate,
) -> QueryResult<Option<String>> {
    e::table
        .filter(e::id.eq(id).or(e::area_code.eq(area).and(e::starts_on.eq(day))))
        .select(e::id)
        .order(e::id.asc())
        .first(c)
        .optional()
}

fn event_fields(c: &mut DbConn, ev: &DemoEvent) -> anyhow::Result<EventFields> {
    let area = crate::areas::repo::find(c, &ev.collaboration_area)?
        .with_context(|| format!("the demo data names an unknown area `{}`", ev.collaboration_area))?;
    let title = LocalizedText {
        fi: format!("Asiakasturvallisuustyöpaja, {}", area.name_fi),
        sv: area.name_sv.map(|n| format!("Workshop om klientsäkerhet, {n}")),
        en: area.name_en.map(|n| format!("Client-safety workshop, {n}")),
    };
    let description = LocalizedText {
        fi: "Sosiaalihuollon asiakasturvallisuuden työpaja yhteistyöalueelle, paikan päällä ja Teamsissa."
            .into(),
        sv: None,
        en: Some(
            "Workshop on client safety in social welfare for the collaboration area, on site and on Teams."
                .into(),
        ),
    };
    Ok(EventFields {
        title,
        area: ev.collaboration_area.clone(),
        city: Some(ev.city.clone()),
        venue: None,
        starts_on: ev.date,
        format: EventFormat::parse(&ev.format)
            .with_context(|| format!("the demo data names an unknown event format `{}`", ev.format))?,
        status: EventStatus::Held,
        registered_count: Some(ev.registered),
        attended_count: Some(ev.attended),
        attended_is_estimate: ev.attended_approximate,
        workshop_participants: None,
        description: Some(description),
    })
}

/// The five 2023 workshops, held, with their headcounts.
pub fn load_events(c: &mut DbConn, list: &[DemoEvent]) -> anyhow::Result<LoadedEvents> {
    let mut loaded = LoadedEvents { ids: Vec::new(), added: 0 };
    for ev in list {
        let key = format!("event/{}/{}", ev.collaboration_area, ev.date);
        let id = demo_id(&key, millis(ev.date) + 9 * 3_600_000);
        let id = match existing_event(c, &id, &ev.collaboration_area, ev.date)? {
            Some(found) => found,
            None => {
                let row = event_fields(c, ev)?.into_row(id, db::now());
                let written =
                    crate::write::create(c, ACTOR, |_| Ok(row)).map_err(|e| anyhow::anyhow!("{e}"))?;
                loaded.added += 1;
                written.row.id
            }
        };
        loaded.ids.push(id);
    }
    Ok(loaded)
}

/// A proposal of the data set; `None` parent for the twelve, `Some` for sub-items.
fn proposal_fields(item: &DemoItem, tier: i32, parent: Option<&str>) -> anyhow::Result<ProposalFields> {
    let category = Category::parse(&item.category)
        .with_context(|| format!("the demo data names an unknown category `{}`", item.category))?;
    let status =
        if item.selected_measure.is_some() { ProposalStatus::Selected } else { ProposalStatus::Prioritized };
    Ok(ProposalFields {
        title: LocalizedText { fi: item.fi.clone(), sv: None, en: Some(item.en.clone()) },
        description: None,
        category,
        tier,
        status,
        parent: parent.map(str::to_owned),
        selected_order: item.selected_measure,
        event_ids: Vec::new(),
        areas: Vec::new(),
    })
}

/// Inserts one proposal unless it (or one with its Finnish title) is there; returns its id and whether it was added.
fn ensure_proposal(
    c: &mut DbConn,
    id: String,
    mut fields: ProposalFields,
    events: &[String],
) -> anyhow::Result<(String, bool)> {
    let found = proposals::find_id_or_title(c, &id, &fields.title.fi)?;
    if let Some(found) = found {
        return Ok((found, false));
    }
    if let Some(order) = fields.selected_order {
        if proposals::holder_of_order(c, order, None)?.is_some() {
            log::warn!("demo data: selected_order {order} is taken; `{}` loaded without it", fields.title.fi);
            fields.selected_order = None;
        }
    }
    let row = fields.to_row(id.clone(), db::now());
    let link = |c: &mut DbConn, _: &ProposalRow| Ok(links::set_links(c, &id, events, &[])?);
    crate::write::create_linked(c, ACTOR, |_| Ok(row), link).map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok((id, true))
}

/// The twelve proposals with their sub-items, linked to every 2023 workshop.
pub fn load_proposals(c: &mut DbConn, items: &[DemoItem], events: &LoadedEvents) -> anyhow::Result<usize> {
    // Ids are time-ordered in the order of the report, after the last workshop.
    let base = 1_701_000_000_000_i64;
    let mut added = 0;
    for (i, item) in items.iter().enumerate() {
        let tier = item.tier.with_context(|| format!("demo proposal `{}` has no tier", item.key))?;
        let at = base + i64::try_from(i).unwrap_or(0) * 100;
        let id = demo_id(&format!("proposal/{}", item.key), at);
        let (parent, new) = ensure_proposal(c, id, proposal_fields(item, tier, None)?, &events.ids)?;
        added += usize::from(new);
        for (j, sub) in item.sub_items.iter().enumerate() {
            let sub_id = demo_id(&format!("proposal/{}", sub.key), at + 1 + i64::try_from(j).unwrap_or(0));
            let fields = proposal_fields(sub, tier, Some(&parent))?;
            added += usize::from(ensure_proposal(c, sub_id, fields, &events.ids)?.1);
        }
    }
    Ok(added)
}
